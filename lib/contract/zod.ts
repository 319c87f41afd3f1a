import { z } from "zod";

/**
 * zod for the schemas both sides build. In the browser, zod would probe whether it may compile
 * validators with `new Function` as a schema is built, which the Content-Security-Policy forbids
 * (and reports as a violation); the server, under no such policy, keeps the compiled validators.
 */
if (typeof window !== "undefined") z.config({ jitless: true });

export { z };
