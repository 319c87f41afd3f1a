import "server-only";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { forgetEnv } from "@/lib/env";
import { closeDb, getDb, type Database } from "@/lib/server/db/client";

/**
 * A fresh database for one test file: PGlite in a temp folder, or, when TEST_DATABASE_URL is set
 * (`npm test` sets it for its PostgreSQL pass), a database of its own on that server, dropped after.
 */
export async function openTestDb(): Promise<{ database: Database; url: string | null; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), "backfill-test-"));
  process.env.DATA_DIR = dataDir;
  const server = process.env.TEST_DATABASE_URL;
  const name = `backfill_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const url = server ? withDatabase(server, name) : null;
  if (server && url) {
    await admin(server, `CREATE DATABASE ${name}`);
    process.env.DATABASE_URL = url;
  } else {
    delete process.env.DATABASE_URL;
  }
  forgetEnv();
  const database = await getDb();
  return {
    database,
    url,
    async dispose() {
      await closeDb();
      rmSync(dataDir, { recursive: true, force: true });
      if (server) await admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
