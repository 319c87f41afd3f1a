import "server-only";
import type { ParamValue } from "@/lib/events/json-params";
import type { Sql } from "@/lib/server/db/sql";
import { storeNextBatch } from "@/lib/server/destinations/builtin";
import { MAX_BATCH_EVENTS, type EventOutcome, type OutboundEvent } from "@/lib/server/destinations/types";

type StagedRow = {
  row_number: number;
  email: string;
  event_name: string;
  occurred_ms: number;
  params: Record<string, ParamValue>;
  dedup_key: string;
  state: string;
};

/** The rows after the checkpoint, as events; only those still `pending` are to be sent. */
export type NextBatch = { lastRow: number; pending: OutboundEvent[] };

/**
 * Marks the later rows of the import that repeat an earlier row's event as duplicates, before anything
 * is sent. Idempotent: run again after a crash, it changes nothing more.
 */
export async function markRepeatedRows(sql: Sql, importId: string): Promise<void> {
  await sql.query(
    `WITH firsts AS (
       SELECT dedup_key, min(row_number) AS first_row FROM staged_rows
       WHERE import_id = $1 AND dedup_key IS NOT NULL GROUP BY dedup_key HAVING count(*) > 1)
     UPDATE staged_rows s SET state = 'duplicate', reason = 'Duplicate of row ' || f.first_row || ' in this file.'
     FROM firsts f
     WHERE s.import_id = $1 AND s.dedup_key = f.dedup_key AND s.row_number > f.first_row AND s.state = 'pending'`,
    [importId],
  );
}

/** The next batch of at most 500 rows after the import's checkpoint, or null when none is left. */
export async function readNextBatch(sql: Sql, importId: string): Promise<NextBatch | null> {
  const [cursor] = await sql.query<{ forwarded_through: number }>(
    `SELECT forwarded_through FROM imports WHERE id = $1`,
    [importId],
  );
  if (!cursor) return null;
  const rows = await sql.query<StagedRow>(
    `SELECT row_number, email, event_name, (extract(epoch FROM occurred_at) * 1000)::float8 AS occurred_ms,
            params, dedup_key, state
     FROM staged_rows WHERE import_id = $1 AND row_number > $2
     ORDER BY row_number LIMIT ${MAX_BATCH_EVENTS}`,
    [importId, cursor.forwarded_through],
  );
  if (rows.length === 0) return null;
  return { lastRow: rows.at(-1)!.row_number, pending: rows.filter((row) => row.state === "pending").map(toOutbound) };
}

/** Records a batch's outcomes and moves the checkpoint past it: the caller runs it in one transaction. */
export async function settleBatch(sql: Sql, importId: string, batch: NextBatch, outcomes: EventOutcome[]): Promise<void> {
  await recordOutcomes(sql, importId, outcomes);
  const delivered = outcomes.filter((outcome) => outcome.state === "delivered").length;
  const duplicates = outcomes.filter((outcome) => outcome.state === "duplicate").length;
  await advanceCheckpoint(sql, importId, batch.lastRow, delivered, duplicates);
}

async function advanceCheckpoint(sql: Sql, importId: string, lastRow: number, delivered: number, duplicates: number) {
  await sql.query(
    `UPDATE imports SET batches_done = batches_done + 1, forwarded_through = $2,
            delivered = delivered + $3, duplicates = duplicates + $4
     WHERE id = $1`,
    [importId, lastRow, delivered, duplicates],
  );
}

/**
 * Delivers the next batch into the built-in store and moves the checkpoint, in one transaction that
 * holds the import's row, so two workers never take the same batch. False when no row was left.
 */
export async function forwardNextBuiltinBatch(sql: Sql, importId: string): Promise<boolean> {
  return sql.transaction(async (tx) => {
    const [cursor] = await tx.query<{ forwarded_through: number }>(
      `SELECT forwarded_through FROM imports WHERE id = $1 FOR UPDATE`,
      [importId],
    );
    if (!cursor) return false;
    const stored = await storeNextBatch(tx, importId, cursor.forwarded_through);
    if (!stored) return false;
    await advanceCheckpoint(tx, importId, stored.lastRow, stored.delivered, stored.duplicates);
    return true;
  });
}

function toOutbound(row: StagedRow): OutboundEvent {
  return {
    rowNumber: row.row_number,
    dedupKey: row.dedup_key,
    email: row.email,
    eventName: row.event_name,
    occurredMs: Number(row.occurred_ms),
    params: row.params,
  };
}

/**
 * Records outcomes of rows the caller holds (through the import's lock). No `state = 'pending'` test:
 * it steers the planner to scan every pending row of the import, where the primary key finds 500.
 */
export async function recordOutcomes(sql: Sql, importId: string, outcomes: EventOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await sql.query(
    `UPDATE staged_rows s SET state = u.state, reason = u.reason
     FROM unnest($2::int[], $3::text[], $4::text[]) AS u(row_number, state, reason)
     WHERE s.import_id = $1 AND s.row_number = u.row_number`,
    [
      importId,
      outcomes.map((o) => o.rowNumber),
      outcomes.map((o) => o.state),
      outcomes.map((o) => (o.state === "rejected" ? o.reason : null)),
    ],
  );
}

/** Every row still pending when the import cannot go on is rejected with the reason, so the counts add up. */
export async function rejectPendingRows(sql: Sql, importId: string, reason: string): Promise<void> {
  await sql.query(`UPDATE staged_rows SET state = 'rejected', reason = $2 WHERE import_id = $1 AND state = 'pending'`, [
    importId,
    reason,
  ]);
}

export type RowStateCounts = { total: number; pending: number; delivered: number; duplicates: number; rejected: number };

export async function countRowStates(sql: Sql, importId: string): Promise<RowStateCounts> {
  const rows = await sql.query<{ state: string; n: number }>(
    `SELECT state, count(*)::int AS n FROM staged_rows WHERE import_id = $1 GROUP BY state`,
    [importId],
  );
  const count = (state: string) => rows.find((row) => row.state === state)?.n ?? 0;
  const counts = {
    pending: count("pending"),
    delivered: count("delivered"),
    duplicates: count("duplicate"),
    rejected: count("rejected"),
  };
  return { total: counts.pending + counts.delivered + counts.duplicates + counts.rejected, ...counts };
}
