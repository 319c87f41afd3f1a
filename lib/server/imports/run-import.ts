import "server-only";
import { env } from "@/lib/env";
import type { Sql } from "@/lib/server/db/sql";
import { DEFAULT_RETRY_POLICY } from "@/lib/server/destinations/retry";
import type { Destination } from "@/lib/server/destinations/types";
import { BUILTIN_IDENTITY } from "@/lib/server/destinations/identity";
import { settleIfCancelled } from "./cancel";
import { markChangedRepeats } from "./changed-repeats";
import { endLease } from "./claims";
import { createContactsFirst, type ContactsStepOptions } from "./contacts-first";
import { forwardExternal, type ForwardOptions } from "./forward-external";
import {
  countRowStates,
  forwardNextBuiltinBatch,
  forwardNextBuiltinRangeBatch,
  markRepeatedRows,
  rejectPendingRows,
} from "./forward";
import { findRanges, finishRange, planRanges, rangesEnd, rangesStopped, type ImportRange } from "./ranges";
import type { ImportStatus } from "./report-data";
import type { RunOutcome } from "./run-outcome";

const FINISHED: ImportStatus[] = ["succeeded", "partial", "failed", "cancelled"];

/** How a job delivers: DELIVERY_ATTEMPTS tries a request, DELIVERY_CONCURRENCY requests in flight. */
export function defaultRunOptions(): RunOptions {
  return {
    policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: env().DELIVERY_ATTEMPTS },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    concurrency: env().DELIVERY_CONCURRENCY,
  };
}

export type RunOptions = ForwardOptions & Pick<ContactsStepOptions, "pollMs" | "wait"> & {
  /** Rows a range holds when the import is delivered in ranges by several workers (PostgreSQL); null delivers it as one. */
  rowsPerRange?: number | null;
};

type ImportRow = { status: ImportStatus; trigger_campaigns: boolean; contacts_first: boolean; columns: { keptReserved?: string[] } };

/**
 * The import, when there may be work left on it (committed or cancelled, not otherwise finished);
 * else the outcome to stop with.
 */
async function readImport(sql: Sql, importId: string): Promise<{ current: ImportRow } | { stop: RunOutcome }> {
  const [current] = await sql.query<ImportRow>(`SELECT status, trigger_campaigns, contacts_first, columns FROM imports WHERE id = $1`, [importId]);
  if (!current) return { stop: { finished: false, reason: "no such import" } };
  if (FINISHED.includes(current.status) && current.status !== "cancelled") return { stop: { finished: false, reason: `already ${current.status}` } };
  return { current };
}

/** What a destination needs to know of the import for each request. */
const sendContext = (importId: string, current: ImportRow) =>
  ({ importId, triggerCampaigns: current.trigger_campaigns, keptReserved: current.columns.keptReserved ?? [] });

/**
 * The forwarding job's work for one import. Every step may run again after a crash without harm:
 * duplicates are marked idempotently, each batch is its own checkpoint, and the import is finished by
 * exactly one worker (the one whose UPDATE moves it out of `running`).
 * `destination` is null for the built-in store, which shares our database and so our transactions;
 * any other destination is sent to batch by batch, with retries. With `rowsPerRange`, a large import
 * is marked out in ranges once the steps that concern the whole import are done, and the outcome
 * names the ranges for the caller to queue (runRange works each); a later try only names the ranges
 * not finished, or finishes the import when all are.
 */
export async function runImport(
  sql: Sql,
  importId: string,
  destination: Destination | null = null,
  options: RunOptions = defaultRunOptions(),
): Promise<RunOutcome> {
  const read = await readImport(sql, importId);
  if ("stop" in read) return read.stop;
  const { current } = read;
  // Once in ranges, the ranges' workers settle it, a cancel included: nothing here may run beside them.
  const ranges = await findRanges(sql, importId);
  if (ranges.length > 0) return rangedOutcome(sql, importId, ranges);
  if (current.status === "cancelled") return (await settleIfCancelled(sql, importId))!;
  if (current.status === "staging") return { finished: false, reason: "not committed yet" };
  await sql.query(
    `UPDATE imports SET status = 'running', started_at = coalesce(started_at, now())
     WHERE id = $1 AND status IN ('queued', 'running')`,
    [importId],
  );
  // Fresh statistics after staging: without them the planner takes the import's rows for a few
  // dozen and sorts them all for every batch (seen: 160 ms a batch at 100,000 rows, 5 ms with them).
  await sql.query("ANALYZE staged_rows");
  await markRepeatedRows(sql, importId);
  await markChangedRepeats(sql, importId, destination?.identity ?? BUILTIN_IDENTITY);
  if (destination && current.contacts_first && destination.contacts) {
    const end = await createContactsFirst(sql, importId, destination.contacts, options);
    if (end === "cancelled") return (await settleIfCancelled(sql, importId))!;
    if (end !== null) return finishImport(sql, importId, end);
  }
  if (options.rowsPerRange) {
    const planned = await planRanges(sql, importId, options.rowsPerRange);
    if (planned.length > 0) return rangedOutcome(sql, importId, planned);
  }
  if (destination) {
    const end = await forwardExternal(sql, importId, destination, sendContext(importId, current), options);
    return finishImport(sql, importId, end.failure);
  }
  // The built-in store shares our database: should it fail, so would recording the failure, so an
  // error goes up to the job, which is retried; the batches already delivered stay delivered.
  while (await forwardNextBuiltinBatch(sql, importId)) {
    const cancelled = await settleIfCancelled(sql, importId);
    if (cancelled) return cancelled;
    // PGlite answers without real I/O: between batches, timers (heartbeats, progress) get their turn.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return finishImport(sql, importId, null);
}

async function rangedOutcome(sql: Sql, importId: string, ranges: ImportRange[]): Promise<RunOutcome> {
  const open = ranges.filter((range) => !range.finished).map((range) => range.rangeNo);
  if (open.length > 0) return { finished: false, reason: `delivered in ${ranges.length} ranges, ${open.length} not finished`, ranges: open };
  return finishRanged(sql, importId);
}

/** Finishes an import whose ranges are all finished, with the first failure among them (or as cancelled). */
async function finishRanged(sql: Sql, importId: string): Promise<RunOutcome> {
  const end = await rangesEnd(sql, importId);
  if (!end.last) return { finished: false, reason: "ranges not finished" };
  return finishImport(sql, importId, end.failure);
}

/**
 * One range's work (ranges.ts): its batches, from its checkpoint, until none is left, the import is
 * cancelled, or a range failed; then the range is finished, and the import with it when it was the
 * last. Every step may run again after a crash: a range finished is not worked again.
 */
export async function runRange(
  sql: Sql,
  importId: string,
  rangeNo: number,
  destination: Destination | null = null,
  options: RunOptions = defaultRunOptions(),
): Promise<RunOutcome> {
  const read = await readImport(sql, importId);
  if ("stop" in read) return read.stop;
  const { current } = read;
  const range = (await findRanges(sql, importId)).find((candidate) => candidate.rangeNo === rangeNo);
  if (!range) return { finished: false, reason: `no range ${rangeNo}` };
  if (range.finished) return finishRanged(sql, importId);
  let failure: string | null = null;
  if (!(await rangesStopped(sql, importId))) {
    if (destination) {
      failure = (await forwardExternal(sql, importId, destination, sendContext(importId, current), options, range)).failure;
    } else {
      while ((await forwardNextBuiltinRangeBatch(sql, importId, rangeNo)) && !(await rangesStopped(sql, importId))) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
  return (await finishRange(sql, importId, rangeNo, failure)).last ? finishRanged(sql, importId) : { finished: false, reason: `range ${rangeNo} finished` };
}

/** Fails one range: its job met the error limit. The others stop taking batches; the last to finish fails the import. */
export async function failRange(sql: Sql, importId: string, rangeNo: number, failure: string): Promise<RunOutcome> {
  return (await finishRange(sql, importId, rangeNo, failure)).last ? finishRanged(sql, importId) : { finished: false, reason: `range ${rangeNo} failed` };
}

/**
 * Settles the import once no row is pending: its counts from the rows themselves (the truth, whatever
 * the running counters said), and its status. `failure` rejects what is left, for an import that
 * cannot go on.
 */
export async function finishImport(sql: Sql, importId: string, failure: string | null): Promise<RunOutcome> {
  const cancelled = await settleIfCancelled(sql, importId);
  if (cancelled) return cancelled;
  if (failure) {
    // The rows and the import's error together: a row rejected with its import's own error is what
    // frees its claim for another import (LEDGER_STANDING_SQL), never a moment before.
    await sql.transaction(async (tx) => {
      await tx.query(`UPDATE imports SET error = $2 WHERE id = $1`, [importId, failure]);
      await rejectPendingRows(tx, importId, failure);
    });
  }
  await endLease(sql, importId);
  const counts = await countRowStates(sql, importId);
  if (counts.pending > 0) return { finished: false, reason: `${counts.pending} rows are still being delivered` };
  const status: ImportStatus = failure ? "failed" : counts.rejected > 0 ? "partial" : "succeeded";
  const settled = await sql.query(
    `UPDATE imports SET status = $2, total = $3, delivered = $4, duplicates = $5, rejected = $6,
            finished_at = now(), error = $7
     WHERE id = $1 AND status = 'running' RETURNING id`,
    [importId, status, counts.total, counts.delivered, counts.duplicates, counts.rejected, failure],
  );
  if (settled.length === 0) return { finished: false, reason: "another worker finished it" };
  return { finished: true, status, counts };
}
