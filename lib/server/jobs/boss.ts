import "server-only";
import { PgBoss, fromPglite } from "pg-boss";
import { env } from "@/lib/env";
import { getDb } from "@/lib/server/db/client";

const globalForBoss = globalThis as unknown as { backfillBoss?: Promise<PgBoss> };

/** The process's job queue, on the same database as everything else (PGlite or PostgreSQL). */
export function getBoss(): Promise<PgBoss> {
  globalForBoss.backfillBoss ??= start().catch((error) => {
    globalForBoss.backfillBoss = undefined;
    throw error;
  });
  return globalForBoss.backfillBoss;
}

async function start(): Promise<PgBoss> {
  const database = await getDb();
  // A worker that dies is noticed by its missed heartbeats at the next supervision pass: keep it short.
  const supervision = { superviseIntervalSeconds: 5, monitorIntervalSeconds: 5 };
  const boss =
    database.kind === "pglite"
      ? new PgBoss({ db: fromPglite(database.pglite!), backend: "pglite", ...supervision })
      : new PgBoss({ connectionString: env().DATABASE_URL, max: 4, ...supervision });
  boss.on("error", (error) => console.error("[jobs]", error));
  await boss.start();
  return boss;
}

export async function stopBoss(): Promise<void> {
  const boss = globalForBoss.backfillBoss;
  globalForBoss.backfillBoss = undefined;
  if (boss) await (await boss).stop({ graceful: true, timeout: 10_000 });
}
