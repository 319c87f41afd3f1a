import "server-only";
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import { env } from "@/lib/env";
import { getDb } from "@/lib/server/db/client";
import { destinationFor } from "@/lib/server/destinations/configured";
import { sendReport } from "@/lib/server/imports/report";
import { defaultRunOptions, failRange, finishImport, runImport, runRange } from "@/lib/server/imports/run-import";
import type { RunOutcome } from "@/lib/server/imports/run-outcome";
import { getBoss } from "./boss";

export const FORWARD_QUEUE = "forward-import";
export const REPORT_QUEUE = "send-report";
/** One range of a large import on PostgreSQL (decision 018), worked by whichever worker takes it. */
export const RANGE_QUEUE = "forward-range";

const importJobSchema = z.object({ importId: z.uuid() });
type ImportJob = z.infer<typeof importJobSchema>;
const rangeJobSchema = z.object({ importId: z.uuid(), range: z.number().int().min(0) });
type RangeJob = z.infer<typeof rangeJobSchema>;

/**
 * pg-boss counts a worker that died (its heartbeats stopped) as a failed try, like an error, and
 * would back off minutes before the next. A long import outlives many deploys, so the queue retries
 * 5 s after any failure, without backoff, and its limit is one only a job that kills every worker it
 * lands on would reach. Errors are counted by the handler itself, on the import, with their own
 * backoff and limit (FORWARD_ERROR_LIMIT). A dead worker's job is failed by the next supervision
 * pass after 10 s without a heartbeat, so the import goes on within about 20 s.
 */
const FORWARD_RETRIES = { retryLimit: 100_000, retryDelay: 5, retryBackoff: false } as const;
export const FORWARD_ERROR_LIMIT = 20;
const ERROR_BACKOFF_MS = { first: 5_000, max: 300_000 };

/**
 * Queues are created on every start; creating one that exists changes nothing, so the retry
 * settings are applied again to a queue an earlier version made. One forwarding job per import at a
 * time (`exclusive` with the import as its key); a worker that dies stops sending heartbeats and
 * its job is retried elsewhere, from the last checkpoint.
 */
async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const queue of [FORWARD_QUEUE, RANGE_QUEUE]) {
    await boss.createQueue(queue, { policy: "exclusive", ...FORWARD_RETRIES, heartbeatSeconds: 10, expireInSeconds: 6 * 3600 });
    await boss.updateQueue(queue, { ...FORWARD_RETRIES, retryDelayMax: null });
  }
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

/** On PostgreSQL, a large import is delivered in ranges by every worker at once; the embedded database keeps its one process. */
async function rowsPerRange(): Promise<number | null> {
  return (await getDb()).kind === "postgres" ? env().IMPORT_RANGE_ROWS : null;
}

/**
 * Runs an import's work and counts an error on the import, retried after a growing pause (the job is
 * held meanwhile, its heartbeats going on); at the limit, `atLimit` ends the work with the reason.
 */
async function withErrorLimit(importId: string, work: () => Promise<RunOutcome>, atLimit: (reason: string) => Promise<RunOutcome>): Promise<RunOutcome> {
  const { sql } = await getDb();
  try {
    return await work();
  } catch (error) {
    // A destination that is not configured fails before the import starts running.
    await sql.query(`UPDATE imports SET status = 'running' WHERE id = $1 AND status = 'queued'`, [importId]);
    const [{ errors }] = await sql.query<{ errors: number }>(
      `UPDATE imports SET forward_errors = forward_errors + 1 WHERE id = $1 RETURNING forward_errors AS errors`,
      [importId],
    );
    console.error(`[jobs] import ${importId}: error ${errors} of at most ${FORWARD_ERROR_LIMIT}:`, error);
    if (errors < FORWARD_ERROR_LIMIT) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(ERROR_BACKOFF_MS.max, ERROR_BACKOFF_MS.first * 2 ** (errors - 1))));
      throw error;
    }
    return atLimit(`Delivery stopped after ${errors} errors on the server (its log has the details); these rows were not sent.`);
  }
}

/** Asks for the report of an import that has finished without one: also when an earlier try finished it but died before asking. */
async function reportIfFinished(boss: PgBoss, importId: string): Promise<void> {
  const { sql } = await getDb();
  const [row] = await sql.query<{ finished: boolean }>(
    `SELECT finished_at IS NOT NULL AND report_sent_at IS NULL AS finished FROM imports WHERE id = $1`,
    [importId],
  );
  if (row?.finished) await enqueueReport(boss, importId);
}

async function enqueueRanges(boss: PgBoss, importId: string, ranges: number[]): Promise<void> {
  for (const range of ranges) {
    await boss.send(RANGE_QUEUE, { importId, range } satisfies RangeJob, { singletonKey: `${importId}:${range}` });
  }
}

/**
 * Forwards one import, then asks for its report. An import delivered in ranges is only marked out
 * here, and its ranges queued for every worker; a later try queues again those not finished (one job
 * per range at a time, so that is harmless). At the error limit the rest of the import is rejected
 * with the reason, and the report says so.
 */
export async function handleForward(boss: PgBoss, data: unknown): Promise<void> {
  const { importId } = importJobSchema.parse(data);
  const { sql } = await getDb();
  const [target] = await sql.query<{ destination: string }>(`SELECT destination FROM imports WHERE id = $1`, [importId]);
  if (!target) return;
  const options = { rowsPerRange: await rowsPerRange() };
  const outcome = await withErrorLimit(
    importId,
    () => runImport(sql, importId, destinationFor(target.destination, sql), { ...defaultRunOptions(), ...options }),
    (reason) => finishImport(sql, importId, reason),
  );
  if (!outcome.finished && outcome.ranges) await enqueueRanges(boss, importId, outcome.ranges);
  await reportIfFinished(boss, importId);
}

/** Works one range of an import; the one that finishes the last range asks for the report. */
export async function handleRange(boss: PgBoss, data: unknown): Promise<void> {
  const { importId, range } = rangeJobSchema.parse(data);
  const { sql } = await getDb();
  const [target] = await sql.query<{ destination: string }>(`SELECT destination FROM imports WHERE id = $1`, [importId]);
  if (!target) return;
  await withErrorLimit(
    importId,
    () => runRange(sql, importId, range, destinationFor(target.destination, sql), defaultRunOptions()),
    (reason) => failRange(sql, importId, range, reason),
  );
  await reportIfFinished(boss, importId);
}

export async function handleReport(data: unknown): Promise<void> {
  const { importId } = importJobSchema.parse(data);
  const { sql } = await getDb();
  await sendReport(sql, importId);
}

const SWEEP_MS = 30_000;

/**
 * Imports that are committed, or finished without their report, may have no job: the process that
 * committed one can die between marking it queued and queueing its job. Asking again is harmless
 * (one job per import at a time: a job queued, waiting to retry or running makes this a no-op).
 */
async function requeueStranded(boss: PgBoss): Promise<void> {
  const { sql } = await getDb();
  const stranded = await sql.query<{ id: string }>(
    `SELECT id FROM imports WHERE status IN ('queued', 'running') OR (finished_at IS NOT NULL AND report_sent_at IS NULL)`,
  );
  for (const { id } of stranded) await boss.send(FORWARD_QUEUE, { importId: id } satisfies ImportJob, { singletonKey: id });
}

/** Starts working import jobs in this process: the web server by default, or `npm run worker`. */
export async function startImportWorkers(): Promise<PgBoss> {
  const boss = await getBoss();
  await ensureQueues(boss);
  await requeueStranded(boss);
  const sweep = setInterval(() => requeueStranded(boss).catch((error) => console.error("[jobs] looking for imports without a job:", error)), SWEEP_MS);
  sweep.unref();
  boss.once("stopped", () => clearInterval(sweep));
  const concurrency = env().WORKER_CONCURRENCY;
  const options = { localConcurrency: concurrency, pollingIntervalSeconds: 0.5 };
  await boss.work(FORWARD_QUEUE, { ...options, heartbeatRefreshSeconds: 4 }, async ([job]) => handleForward(boss, job.data));
  await boss.work(RANGE_QUEUE, { ...options, heartbeatRefreshSeconds: 4 }, async ([job]) => handleRange(boss, job.data));
  await boss.work(REPORT_QUEUE, options, async ([job]) => handleReport(job.data));
  return boss;
}
