import "server-only";
import type { ParamValue } from "@/lib/events/json-params";
import type { Sql } from "@/lib/server/db/sql";
import { storeNextBatch } from "@/lib/server/destinations/builtin";
import { EVENTS_PER_BATCH } from "@/lib/contract/staged-rows";
import type { EventOutcome, OutboundEvent } from "@/lib/server/destinations/types";
import { releaseClaims, sortOutClaimed } from "./claims";

type StagedRow = {
  row_number: number;
  email: string;
  event_name: string;
  occurred_ms: number;
  params: Record<string, ParamValue>;
  dedup_key: string;
  state: string;
};

/**
 * A batch taken to send: the events this import now holds the claims of, the row that ends it, and how
 * many of its pending rows another import holds (they wait for that claim to resolve).
 */
export type TakenBatch = { lastRow: number; events: OutboundEvent[]; duplicates: number; waiting: number };

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
 * Where the next batch after `afterRow` ends: the 500th row after it, or the last (of the import, or
 * up to `lastRow`, the end of a range); null when no row is left, "cancelled" when the import was
 * cancelled or another of its ranges failed, so that nothing more is taken. Read from the primary key
 * alone, so that batches are marked out in order at once and taken (takeBatch) by several
 * connections at a time.
 */
export async function nextBatchEnd(sql: Sql, importId: string, afterRow: number, lastRow: number | null = null): Promise<number | "cancelled" | null> {
  const [row] = await sql.query<{ stopped: boolean; full_end: number | null; last: number | null }>(
    `SELECT i.status = 'cancelled' OR EXISTS (SELECT 1 FROM import_ranges r WHERE r.import_id = i.id AND r.failure IS NOT NULL) AS stopped,
            (SELECT row_number FROM staged_rows WHERE import_id = $1 AND row_number > $2 AND ($3::int IS NULL OR row_number <= $3)
             ORDER BY row_number OFFSET ${EVENTS_PER_BATCH - 1} LIMIT 1) AS full_end,
            (SELECT max(row_number) FROM staged_rows WHERE import_id = $1 AND row_number > $2 AND ($3::int IS NULL OR row_number <= $3)) AS last
     FROM imports i WHERE i.id = $1`,
    [importId, afterRow, lastRow],
  );
  if (!row || row.stopped) return "cancelled";
  return row.full_end ?? row.last;
}

/**
 * Takes the batch of at most 500 rows after `afterRow` (up to `through`, when given; only the
 * pending ones with `pendingOnly`), in one transaction: its pending events are claimed for the import (claims.ts), the
 * claimed ones the destination's ledger already holds become duplicates with the ledger's reason
 * (counted in `duplicates`), and the rest are the events to send. Null when no row is left; "cancelled" when the import was
 * cancelled, so that nothing more is taken.
 */
export async function takeBatch(
  sql: Sql,
  importId: string,
  destination: string,
  afterRow: number,
  { through = null, pendingOnly = false }: { through?: number | null; pendingOnly?: boolean } = {},
): Promise<TakenBatch | "cancelled" | null> {
  return sql.transaction(async (tx) => {
    const [current] = await tx.query<{ status: string }>(`SELECT status FROM imports WHERE id = $1`, [importId]);
    if (!current || current.status === "cancelled") return "cancelled";
    // The batch read and its pending events claimed in the ledger in one statement; the keys the
    // ledger already had (a re-import, another import, an earlier try) are sorted out after.
    const rows = await tx.query<StagedRow & { claimed: boolean }>(
      `WITH batch AS (
         SELECT row_number, email, event_name, occurred_at, params, dedup_key, moment_key, state FROM staged_rows
         WHERE import_id = $1 AND row_number > $2 AND ($4::int IS NULL OR row_number <= $4) ${pendingOnly ? "AND state = 'pending'" : ""}
         ORDER BY row_number LIMIT ${EVENTS_PER_BATCH}
       ), claimed AS (
         INSERT INTO delivered_events (destination, dedup_key, import_id, row_number, moment_key)
         SELECT $3, dedup_key, $1, row_number, moment_key FROM batch WHERE state = 'pending'
         ON CONFLICT (destination, dedup_key) DO NOTHING
         RETURNING dedup_key
       )
       SELECT row_number, email, event_name, (extract(epoch FROM occurred_at) * 1000)::float8 AS occurred_ms, params, dedup_key, state,
              dedup_key IN (SELECT dedup_key FROM claimed) AS claimed
       FROM batch ORDER BY row_number`,
      [importId, afterRow, destination, through],
    );
    if (rows.length === 0) return null;
    const pending = rows.filter((row) => row.state === "pending");
    const met = pending.filter((row) => !row.claimed).map((row) => ({ rowNumber: row.row_number, dedupKey: row.dedup_key }));
    const { mine, duplicates, waiting } = await sortOutClaimed(tx, destination, importId, met);
    if (duplicates.size > 0) {
      const outcomes = [...duplicates].map(([rowNumber, reason]): EventOutcome => ({ rowNumber, state: "duplicate", reason }));
      await settleOutcomes(tx, importId, destination, [], outcomes);
    }
    return {
      lastRow: rows.at(-1)!.row_number,
      events: pending.filter((row) => row.claimed || mine.has(row.row_number)).map(toOutbound),
      duplicates: duplicates.size,
      waiting,
    };
  });
}

/**
 * Records outcomes of some of a batch's events, the removal of the claims the destination refused,
 * and the live counts: the caller runs it in one transaction, so that a crash keeps all or none, and
 * a ledger entry stands for a delivered event exactly when its row says so.
 */
export async function settleOutcomes(
  sql: Sql,
  importId: string,
  destination: string,
  events: OutboundEvent[],
  outcomes: EventOutcome[],
): Promise<void> {
  if (outcomes.length === 0) return;
  const rows = await recordOutcomes(sql, importId, outcomes);
  // A delivered event's claim is its ledger entry from now on; a refused one's goes, so that a
  // corrected file or another import may send it.
  const keys = new Map(events.map((event) => [event.rowNumber, event.dedupKey]));
  const refused = outcomes.filter((outcome) => outcome.state === "rejected" && !outcome.stored);
  await releaseClaims(sql, destination, importId, refused.map((outcome) => keys.get(outcome.rowNumber)!).filter(Boolean));
  const count = (state: EventOutcome["state"]) => rows.filter((row) => row.state === state).reduce((sum, row) => sum + row.rows, 0);
  await sql.query(
    `UPDATE imports SET delivered = delivered + $2, duplicates = duplicates + $3, rejected = rejected + $4 WHERE id = $1`,
    [importId, count("delivered"), count("duplicate"), count("rejected")],
  );
}

/**
 * Counts a finished batch and, when given, moves the checkpoint to `through`: batches finish out of
 * order, so the caller names the end of the run of batches before which every row has its outcome.
 */
export async function passBatch(sql: Sql, importId: string, through: number | null): Promise<void> {
  await sql.query(
    `UPDATE imports SET batches_done = batches_done + 1, forwarded_through = greatest(forwarded_through, coalesce($2, 0)) WHERE id = $1`,
    [importId, through],
  );
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
 * A built-in batch's commit is not waited for on disk: its events and its checkpoint are in the same
 * database and the same transaction, so a server crash that loses it loses both, and the batch is
 * stored again from the checkpoint; the import's end, a commit that is waited for, writes out every
 * batch before it. Saves a disk flush a batch on PostgreSQL.
 */
const UNFLUSHED_COMMIT_SQL = "SET LOCAL synchronous_commit = off";

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
    await tx.query(UNFLUSHED_COMMIT_SQL);
    const stored = await storeNextBatch(tx, importId, cursor.forwarded_through);
    if (!stored) return false;
    await advanceCheckpoint(tx, importId, stored.lastRow, stored.delivered, stored.duplicates);
    return true;
  });
}

/**
 * The same within one range of the import (ranges.ts): the range's row holds its checkpoint, so the
 * ranges' workers store their batches side by side. The import's counts are written last, so that
 * its row is held only for the commit. False when the range has no row left.
 */
export async function forwardNextBuiltinRangeBatch(sql: Sql, importId: string, rangeNo: number): Promise<boolean> {
  return sql.transaction(async (tx) => {
    const [range] = await tx.query<{ forwarded_through: number; last_row: number }>(
      `SELECT forwarded_through, last_row FROM import_ranges WHERE import_id = $1 AND range_no = $2 FOR UPDATE`,
      [importId, rangeNo],
    );
    if (!range || range.forwarded_through >= range.last_row) return false;
    await tx.query(UNFLUSHED_COMMIT_SQL);
    const stored = await storeNextBatch(tx, importId, range.forwarded_through, range.last_row);
    const through = stored?.lastRow ?? range.last_row;
    await tx.query(`UPDATE import_ranges SET forwarded_through = $3 WHERE import_id = $1 AND range_no = $2`, [importId, rangeNo, through]);
    if (!stored) return false;
    await tx.query(
      `UPDATE imports SET batches_done = batches_done + 1, delivered = delivered + $2, duplicates = duplicates + $3 WHERE id = $1`,
      [importId, stored.delivered, stored.duplicates],
    );
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
export async function recordOutcomes(sql: Sql, importId: string, outcomes: EventOutcome[]): Promise<{ state: string; rows: number }[]> {
  if (outcomes.length === 0) return [];
  // Each outcome with the file rows it settles: an order's event settles its line-item rows too.
  return sql.query<{ state: string; rows: number }>(
    `UPDATE staged_rows s SET state = u.state, reason = u.reason
     FROM unnest($2::int[], $3::text[], $4::text[]) AS u(row_number, state, reason)
     WHERE s.import_id = $1 AND s.row_number = u.row_number
     RETURNING s.state, 1 + coalesce(s.group_size, 0) AS rows`,
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

/**
 * The file rows in each state. A row grouped into an order's event (staged with state "grouped") is
 * counted in its event's state, through the event's `group_size`, without a join.
 */
export const ROWS_IN_STATE_SQL = `coalesce(sum(1 + coalesce(group_size, 0)), 0)::int`;

export async function countRowStates(sql: Sql, importId: string): Promise<RowStateCounts> {
  const rows = await sql.query<{ state: string; n: number }>(
    `SELECT state, ${ROWS_IN_STATE_SQL} AS n FROM staged_rows WHERE import_id = $1 AND state <> 'grouped' GROUP BY state`,
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
