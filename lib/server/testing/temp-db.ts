import "server-only";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { forgetEnv } from "@/lib/env";
import { closeDb, getDb, type Database } from "@/lib/server/db/client";

/**
 * A fresh database for one test file: PGlite in a temp folder, or, when TEST_DATABASE_URL is set
 * (`npm test` sets it), a real PostgreSQL with its tables emptied.
 */
export async function openTestDb(): Promise<{ database: Database; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), "backfill-test-"));
  process.env.DATA_DIR = dataDir;
  if (process.env.TEST_DATABASE_URL && process.env.TEST_BACKEND !== "pglite") {
    process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
  } else {
    delete process.env.DATABASE_URL;
  }
  forgetEnv();
  const database = await getDb();
  if (database.kind === "postgres") {
    await database.sql.query("TRUNCATE imports, staged_rows, staged_batches, events, outbox RESTART IDENTITY CASCADE");
  }
  return {
    database,
    async dispose() {
      await closeDb();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
