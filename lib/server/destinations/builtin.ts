import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { ledgerReasonSql } from "@/lib/server/imports/ledger";
import { BUILTIN_IDENTITY } from "./identity";
import { EVENTS_PER_BATCH } from "@/lib/contract/staged-rows";

export const BUILTIN_LABEL = "Built-in event store";

export type StoredBatch = { lastRow: number; delivered: number; duplicates: number };

/**
 * The built-in destination: the events table, whose unique dedup key makes a second import of the same
 * event a duplicate, and which is its own ledger (decision 019): a later import of the same event, or
 * the review, reads "Already imported on DATE (import NAME)" from the stored event itself. The next
 * batch of at most 500 rows after the checkpoint (up to `through`, the end of a range, when given)
 * moves from staging into the store and the rows' outcomes in one statement, inside the caller's
 * transaction: the rows never travel through JavaScript, and a crash keeps both sides or neither.
 * Null when no row is left.
 */
export async function storeNextBatch(sql: Sql, importId: string, afterRow: number, through: number | null = null): Promise<StoredBatch | null> {
  const [result] = await sql.query<{ last_row: number | null; delivered: number; duplicates: number }>(
    `WITH batch AS (
       SELECT row_number, email, event_name, occurred_at, params, dedup_key, moment_key, state
       FROM staged_rows WHERE import_id = $1 AND row_number > $2 AND ($4::int IS NULL OR row_number <= $4)
       ORDER BY row_number LIMIT ${EVENTS_PER_BATCH}
     ), stored AS (
       INSERT INTO events (dedup_key, email, event_name, occurred_at, params, import_id, moment_key)
       SELECT dedup_key, email, event_name, occurred_at, params, $1, moment_key FROM batch WHERE state = 'pending'
       ON CONFLICT (dedup_key) DO NOTHING
       RETURNING dedup_key
     ), settled AS (
       -- The batch's pending rows by their range of the primary key, not one probe each. IN is a
       -- hashed lookup: a join with the stored keys, estimated at a few rows, was a nested loop of
       -- 500 × 500 comparisons. The ledger's reason is looked up for the rows already stored alone.
       UPDATE staged_rows s
       SET state = CASE WHEN s.dedup_key IN (SELECT dedup_key FROM stored) THEN 'delivered' ELSE 'duplicate' END,
           reason = CASE WHEN s.dedup_key IN (SELECT dedup_key FROM stored) THEN NULL
                         ELSE coalesce(${ledgerReasonSql("$3")}, 'Already in the built-in event store.') END
       WHERE s.import_id = $1 AND s.row_number > $2 AND s.row_number <= (SELECT max(row_number) FROM batch)
         AND s.state = 'pending'
       RETURNING s.state, 1 + coalesce(s.group_size, 0) AS file_rows
     )
     -- Counted in file rows: an order's event settles its line-item rows too.
     SELECT (SELECT max(row_number) FROM batch) AS last_row,
            (SELECT coalesce(sum(file_rows), 0)::int FROM settled WHERE state = 'delivered') AS delivered,
            (SELECT coalesce(sum(file_rows), 0)::int FROM settled WHERE state = 'duplicate') AS duplicates`,
    [importId, afterRow, BUILTIN_IDENTITY, through],
  );
  if (!result || result.last_row === null) return null;
  return { lastRow: result.last_row, delivered: result.delivered, duplicates: result.duplicates };
}
