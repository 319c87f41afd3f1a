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
  markRepeatedRows,
  rejectPendingRows,
} from "./forward";
import type { ImportStatus } from "./report-data";
import type { RunOutcome } from "./run-outcome";


const FINISHED: ImportStatus[] = ["succeeded", "partial", "failed", "cancelled"];

/**
 * The forwarding job's work for one import. Every step may run again after a crash without harm:
 * duplicates are marked idempotently, each batch is its own checkpoint, and the import is finished by
 * exactly one worker (the one whose UPDATE moves it out of `running`).
 */
function defaultForwardOptions(): ForwardOptions {
  return {
    policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: env().DELIVERY_ATTEMPTS },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    concurrency: env().DELIVERY_CONCURRENCY,
  };
}

/**
 * `destination` is null for the built-in store, which shares our database and so our transactions;
 * any other destination is sent to batch by batch, with retries.
 */
export async function runImport(
  sql: Sql,
  importId: string,
  destination: Destination | null = null,
  options: ForwardOptions & Pick<ContactsStepOptions, "pollMs" | "wait"> = defaultForwardOptions(),
): Promise<RunOutcome> {
  const [current] = await sql.query<{ status: ImportStatus; trigger_campaigns: boolean; contacts_first: boolean; columns: { keptReserved?: string[] } }>(
    `SELECT status, trigger_campaigns, contacts_first, columns FROM imports WHERE id = $1`,
    [importId],
  );
  if (!current) return { finished: false, reason: "no such import" };
  if (current.status === "cancelled") return (await settleIfCancelled(sql, importId))!;
  if (FINISHED.includes(current.status)) return { finished: false, reason: `already ${current.status}` };
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
  if (destination) {
    if (current.contacts_first && destination.contacts) {
      const end = await createContactsFirst(sql, importId, destination.contacts, options);
      if (end === "cancelled") return (await settleIfCancelled(sql, importId))!;
      if (end !== null) return finishImport(sql, importId, end);
    }
    const context = { importId, triggerCampaigns: current.trigger_campaigns, keptReserved: current.columns.keptReserved ?? [] };
    const end = await forwardExternal(sql, importId, destination, context, options);
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
