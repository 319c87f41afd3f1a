import "server-only";
import type { PgBoss } from "pg-boss";
import { env } from "@/lib/env";
import { getDb } from "@/lib/server/db/client";
import { discardAbandoned } from "./abandoned";

export const ABANDON_QUEUE = "discard-abandoned";
/**
 * How often the sweep looks: every quarter of an hour, so that an abandoned import goes within 15
 * minutes of its limit; every minute when the limit is under an hour, where a quarter would overshoot it.
 */
export function sweepSchedule(hours: number): string {
  return hours < 1 ? "* * * * *" : "*/15 * * * *";
}

/** The sweep's work, once: what it discarded, logged. */
export async function sweepAbandoned(): Promise<number> {
  const { sql } = await getDb();
  const discarded = await discardAbandoned(sql, env().STAGING_ABANDON_HOURS);
  for (const item of discarded) console.log(`[jobs] discarded ${item.fileName} (${item.id}): its upload stopped after ${item.rows} rows`);
  return discarded.length;
}

/**
 * Schedules the sweep of abandoned uploads on pg-boss, beside the import workers. Every process
 * that works jobs schedules it; pg-boss keeps one schedule per queue and hands each run to one of
 * them, so the database, not a process, decides who sweeps.
 */
export async function startAbandonSweep(boss: PgBoss): Promise<void> {
  await boss.createQueue(ABANDON_QUEUE, { policy: "singleton", retryLimit: 3, retryDelay: 60 });
  await boss.schedule(ABANDON_QUEUE, sweepSchedule(env().STAGING_ABANDON_HOURS));
  await boss.work(ABANDON_QUEUE, async () => {
    await sweepAbandoned();
  });
}
