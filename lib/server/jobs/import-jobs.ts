import "server-only";
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import { env } from "@/lib/env";
import { getDb } from "@/lib/server/db/client";
import { destinationFor } from "@/lib/server/destinations/configured";
import { sendReport } from "@/lib/server/imports/report";
import { runImport } from "@/lib/server/imports/run-import";
import { getBoss } from "./boss";

export const FORWARD_QUEUE = "forward-import";
export const REPORT_QUEUE = "send-report";

const importJobSchema = z.object({ importId: z.uuid() });
type ImportJob = z.infer<typeof importJobSchema>;

/**
 * Queues are created on every start (creating one that exists changes nothing). One forwarding job
 * per import at a time (`exclusive` with the import as its key); a worker that dies stops sending
 * heartbeats and its job is retried elsewhere, from the last checkpoint.
 */
async function ensureQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(FORWARD_QUEUE, {
    policy: "exclusive",
    retryLimit: 20,
    retryDelay: 5,
    retryBackoff: true,
    retryDelayMax: 300,
    heartbeatSeconds: 10,
    expireInSeconds: 6 * 3600,
  });
  await boss.createQueue(REPORT_QUEUE, { policy: "exclusive", retryLimit: 10, retryDelay: 10, retryBackoff: true, retryDelayMax: 600 });
}

export async function enqueueForward(importId: string): Promise<void> {
  const boss = await getBoss();
  await ensureQueues(boss);
  await boss.send(FORWARD_QUEUE, { importId } satisfies ImportJob, { singletonKey: importId });
}

async function enqueueReport(boss: PgBoss, importId: string): Promise<void> {
  await boss.send(REPORT_QUEUE, { importId } satisfies ImportJob, { singletonKey: importId });
}

/** Forwards one import, then asks for its report: also when an earlier try finished it but died before asking. */
export async function handleForward(boss: PgBoss, data: unknown): Promise<void> {
  const { importId } = importJobSchema.parse(data);
  const { sql } = await getDb();
  const [target] = await sql.query<{ destination: string }>(`SELECT destination FROM imports WHERE id = $1`, [importId]);
  if (!target) return;
  await runImport(sql, importId, destinationFor(target.destination));
  const [row] = await sql.query<{ finished: boolean }>(
    `SELECT finished_at IS NOT NULL AND report_sent_at IS NULL AS finished FROM imports WHERE id = $1`,
    [importId],
  );
  if (row?.finished) await enqueueReport(boss, importId);
}

export async function handleReport(data: unknown): Promise<void> {
  const { importId } = importJobSchema.parse(data);
  const { sql } = await getDb();
  await sendReport(sql, importId);
}

/** Starts working import jobs in this process: the web server by default, or `npm run worker`. */
export async function startImportWorkers(): Promise<PgBoss> {
  const boss = await getBoss();
  await ensureQueues(boss);
  const concurrency = env().WORKER_CONCURRENCY;
  const options = { localConcurrency: concurrency, pollingIntervalSeconds: 0.5 };
  await boss.work(FORWARD_QUEUE, { ...options, heartbeatRefreshSeconds: 4 }, async ([job]) => handleForward(boss, job.data));
  await boss.work(REPORT_QUEUE, options, async ([job]) => handleReport(job.data));
  return boss;
}
