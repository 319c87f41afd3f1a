import { z } from "zod";

/**
 * zod for forms in the browser. Without `jitless`, zod probes whether it may compile validators with
 * `new Function`, which the Content-Security-Policy forbids (and reports as a violation).
 */
z.config({ jitless: true });

export { z };
