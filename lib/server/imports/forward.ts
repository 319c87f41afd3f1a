import "server-only";
import type { ParamValue } from "@/lib/events/json-params";
import type { Sql } from "@/lib/server/db/sql";
import { storeNextBatch } from "@/lib/server/destinations/builtin";
import { EVENTS_PER_BATCH } from "@/lib/contract/staged-rows";
import type { EventOutcome, OutboundEvent } from "@/lib/server/destinations/types";
import { ledgerReasonSql, recordDelivered } from "./ledger";

type StagedRow = {
  row_number: number;
  email: string;
  event_name: string;
  occurred_ms: number;
  params: Record<string, ParamValue>;
  dedup_key: string;
  state: string;
  known: string | null;
};

/**
 * The rows after the checkpoint: the pending ones to send, as events, and those the destination's
 * ledger already holds, as duplicates with the reason.
 */
export type NextBatch = { lastRow: number; pending: OutboundEvent[]; known: EventOutcome[] };

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

/**
 * The next batch of at most 500 rows after the import's checkpoint, or null when none is left, read
 * with its ledger entries for `destination` in the same statement (one lookup a batch, by key).
 */
export async function readNextBatch(sql: Sql, importId: string, destination: string): Promise<NextBatch | null> {
  const [cursor] = await sql.query<{ forwarded_through: number }>(
    `SELECT forwarded_through FROM imports WHERE id = $1`,
    [importId],
  );
  if (!cursor) return null;
  const rows = await sql.query<StagedRow>(
    `SELECT s.row_number, s.email, s.event_name, (extract(epoch FROM s.occurred_at) * 1000)::float8 AS occurred_ms,
            s.params, s.dedup_key, s.state, CASE WHEN s.state = 'pending' THEN ${ledgerReasonSql("$3")} END AS known
     FROM (SELECT * FROM staged_rows WHERE import_id = $1 AND row_number > $2 ORDER BY row_number LIMIT ${EVENTS_PER_BATCH}) s
     ORDER BY s.row_number`,
    [importId, cursor.forwarded_through, destination],
  );
  if (rows.length === 0) return null;
  const pending = rows.filter((row) => row.state === "pending");
  return {
    lastRow: rows.at(-1)!.row_number,
    pending: pending.filter((row) => row.known === null).map(toOutbound),
    known: pending.filter((row) => row.known !== null).map((row) => ({ rowNumber: row.row_number, state: "duplicate", reason: row.known! })),
  };
}

/**
 * Records outcomes of some of a batch's events, the ledger entries of those the destination now
 * holds, and the live counts: the caller runs it in one transaction, so that a crash keeps all or
 * none, and an event is in the ledger exactly when its row says so.
 */
export async function settleOutcomes(
  sql: Sql,
  importId: string,
  destination: string,
  events: OutboundEvent[],
  outcomes: EventOutcome[],
): Promise<void> {
  if (outcomes.length === 0) return;
  await recordOutcomes(sql, importId, outcomes);
  const keys = new Map(events.map((event) => [event.rowNumber, event.dedupKey]));
  const held = outcomes.filter((outcome) => outcome.state === "delivered" || (outcome.state === "rejected" && outcome.stored));
  await recordDelivered(sql, destination, importId, held.map((outcome) => keys.get(outcome.rowNumber)!).filter(Boolean));
  const count = (state: EventOutcome["state"]) => outcomes.filter((outcome) => outcome.state === state).length;
  await sql.query(
    `UPDATE imports SET delivered = delivered + $2, duplicates = duplicates + $3, rejected = rejected + $4 WHERE id = $1`,
    [importId, count("delivered"), count("duplicate"), count("rejected")],
  );
}

/** Moves the checkpoint past a batch whose every row has its outcome. */
export async function passBatch(sql: Sql, importId: string, lastRow: number): Promise<void> {
  await advanceCheckpoint(sql, importId, lastRow, 0, 0);
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
      outcomes.map((o) => (o.state === "delivered" ? null : o.reason)),
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
