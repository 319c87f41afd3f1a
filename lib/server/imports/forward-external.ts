import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { retryDelayMs, type RetryPolicy } from "@/lib/server/destinations/retry";
import { MAX_BATCH_EVENTS, type Destination, type OutboundEvent, type SendContext } from "@/lib/server/destinations/types";
import { recordOutcomes } from "./forward";

type BatchRow = OutboundEvent & { state: string };

export type ExternalStep = { done: true } | { done: false; failure: string | null };

export type ForwardOptions = { policy: RetryPolicy; sleep: (ms: number) => Promise<void> };

async function nextBatch(sql: Sql, importId: string): Promise<{ rows: BatchRow[]; lastRow: number } | null> {
  const [cursor] = await sql.query<{ forwarded_through: number }>(`SELECT forwarded_through FROM imports WHERE id = $1`, [importId]);
  if (!cursor) return null;
  const rows = await sql.query<{ row_number: number; email: string; event_name: string; occurred_ms: number; params: Record<string, string>; dedup_key: string; state: string }>(
    `SELECT row_number, email, event_name, (extract(epoch FROM occurred_at) * 1000)::float8 AS occurred_ms, params, dedup_key, state
     FROM staged_rows WHERE import_id = $1 AND row_number > $2 ORDER BY row_number LIMIT ${MAX_BATCH_EVENTS}`,
    [importId, cursor.forwarded_through],
  );
  if (rows.length === 0) return null;
  return {
    lastRow: rows.at(-1)!.row_number,
    rows: rows.map((row) => ({
      rowNumber: row.row_number, dedupKey: row.dedup_key, email: row.email, eventName: row.event_name,
      occurredMs: Number(row.occurred_ms), params: row.params, state: row.state,
    })),
  };
}

/**
 * Sends the next batch to an outside destination, retrying with backoff (never sooner than its
 * Retry-After) until it answers or the retry budget is spent, then records the outcomes and moves
 * the checkpoint in one transaction. A crash in between sends the same batch again with the same
 * idempotency key, which the destination uses to drop the repeat.
 */
export async function forwardNextExternalBatch(
  sql: Sql,
  importId: string,
  destination: Destination,
  context: SendContext,
  options: ForwardOptions,
): Promise<ExternalStep> {
  const batch = await nextBatch(sql, importId);
  if (!batch) return { done: true };
  const pending = batch.rows.filter((row) => row.state === "pending");
  let outcomes = null;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const result = await destination.send(pending, context);
    if (result.kind === "done") {
      outcomes = result.outcomes;
      break;
    }
    if (attempt >= options.policy.maxAttempts) {
      return { done: false, failure: `Not delivered: ${destination.label} still failed after ${attempt} attempts (${result.reason}).` };
    }
    await options.sleep(retryDelayMs(attempt, result.retryAfterMs, options.policy));
  }
  await sql.transaction(async (tx) => {
    await recordOutcomes(tx, importId, outcomes ?? []);
    const delivered = (outcomes ?? []).filter((outcome) => outcome.state === "delivered").length;
    await tx.query(
      `UPDATE imports SET batches_done = batches_done + 1, forwarded_through = $2,
              delivered = delivered + $3, duplicates = duplicates + $4 WHERE id = $1`,
      [importId, batch.lastRow, delivered, (outcomes ?? []).filter((outcome) => outcome.state === "duplicate").length],
    );
  });
  return { done: false, failure: null };
}
