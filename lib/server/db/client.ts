import "server-only";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { env } from "@/lib/env";
import { lockDataDir } from "./pglite-lock";
import * as schema from "./schema";
import type { Sql } from "./sql";

export type Database = {
  kind: "pglite" | "postgres";
  db: ReturnType<typeof drizzlePglite<typeof schema>> | ReturnType<typeof drizzlePg<typeof schema>>;
  sql: Sql;
  pglite?: PGlite;
  pool?: pg.Pool;
  close(): Promise<void>;
};

const MIGRATIONS = resolve(process.cwd(), "lib/server/db/migrations");
/** Any fixed number: the advisory lock that lets one process at a time migrate a shared PostgreSQL. */
const MIGRATION_LOCK = 7_240_117;

/**
 * A smaller buffer cache than PostgreSQL's 128 MB: the embedded database lives in the process's
 * memory, and a large import fills every buffer (about 115 MB more resident memory at 200,000 rows).
 * Its files sit in the operating system's page cache, so a page that leaves the buffers is read back
 * without a disk read.
 */
const PGLITE_SETTINGS = ["-c", "shared_buffers=32MB"];

const globalForDb = globalThis as unknown as { backfillDb?: Promise<Database> };

/** The process's one database, migrated; kept on globalThis so dev reloads do not open it twice. */
export function getDb(): Promise<Database> {
  globalForDb.backfillDb ??= open().catch((error) => {
    globalForDb.backfillDb = undefined;
    throw error;
  });
  return globalForDb.backfillDb;
}

export async function closeDb(): Promise<void> {
  const database = globalForDb.backfillDb;
  globalForDb.backfillDb = undefined;
  if (database) await (await database).close();
}

async function open(): Promise<Database> {
  const { DATABASE_URL, DATA_DIR } = env();
  return DATABASE_URL ? openPostgres(DATABASE_URL) : openPglite(resolve(DATA_DIR));
}

async function openPglite(dataDir: string): Promise<Database> {
  const release = lockDataDir(dataDir);
  try {
    mkdirSync(dataDir, { recursive: true });
    const pglite = await PGlite.create(join(dataDir, "pglite"), { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] });
    const db = drizzlePglite(pglite, { schema });
    await migratePglite(db, { migrationsFolder: MIGRATIONS });
    const close = async () => {
      await pglite.close();
      release();
    };
    return { kind: "pglite", db, pglite, sql: pgliteSql(pglite), close };
  } catch (error) {
    release();
    throw error;
  }
}

function pgliteSql(runner: PGlite | Transaction): Sql {
  return {
    query: async (text, params) => (await runner.query(text, params)).rows as never[],
    transaction: (work) =>
      "transaction" in runner ? runner.transaction((tx) => work(pgliteSql(tx))) : work(pgliteSql(runner)),
  };
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // A connection that breaks while idle (the server restarted) is dropped from the pool and logged;
  // unhandled, the pool's error event would end the process.
  pool.on("error", (error) => console.error("[db] an idle connection to PostgreSQL broke:", error.message));
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS });
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return { kind: "postgres", db: drizzlePg(pool, { schema }), pool, sql: poolSql(pool), close: () => pool.end() };
}

function poolSql(pool: pg.Pool): Sql {
  return {
    query: async (text, params) => (await pool.query(text, params)).rows,
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A checked-out connection that breaks (the server restarted) reports it here, and the
      // transaction's next query fails; without a listener the error would end the process.
      const onError = (error: Error) => {
        broken = error;
      };
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        const result = await work(clientSql(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        // A connection that cannot even roll back is broken: it is closed, not given back to the pool.
        await client.query("ROLLBACK").catch((rollbackError: Error) => {
          broken ??= rollbackError;
        });
        throw error;
      } finally {
        client.off("error", onError);
        client.release(broken);
      }
    },
  };
}

function clientSql(client: pg.PoolClient): Sql {
  return {
    query: async (text, params) => (await client.query(text, params)).rows,
    transaction: (work) => work(clientSql(client)),
  };
}
