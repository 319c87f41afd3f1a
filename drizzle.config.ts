import { defineConfig } from "drizzle-kit";

/** `npx drizzle-kit generate` writes a migration for each schema change; the app applies them on start. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/server/db/schema.ts",
  out: "./lib/server/db/migrations",
});
