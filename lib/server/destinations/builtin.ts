import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { ledgerReasonSql } from "@/lib/server/imports/ledger";
import { BUILTIN_IDENTITY } from "./identity";
import { EVENTS_PER_BATCH } from "@/lib/contract/staged-rows";

export const BUILTIN_LABEL = "Built-in event store";

export type StoredBatch = { lastRow: number; delivered: number; duplicates: number };

/**
 * The built-in destination: the events table, whose unique dedup key makes a second import of the same
 * event a duplicate, and the ledger, which every destination shares, so that the reason is the same
 * everywhere: "Already imported on DATE (import NAME)". The next batch of at most 500 rows after the
 * checkpoint moves from staging into the store, the ledger and the rows' outcomes in one statement,
 * inside the caller's transaction: the rows never travel through JavaScript, and a crash keeps all
 * sides or none. Null when no row is left.
 */
export async function storeNextBatch(sql: Sql, importId: string, afterRow: number): Promise<StoredBatch | null> {
  const [result] = await sql.query<{ last_row: number | null; delivered: number; duplicates: number }>(
    `WITH batch AS (
       SELECT row_number, email, event_name, occurred_at, params, dedup_key, moment_key, state
       FROM staged_rows WHERE import_id = $1 AND row_number > $2 ORDER BY row_number LIMIT ${EVENTS_PER_BATCH}
     ), stored AS (
       INSERT INTO events (dedup_key, email, event_name, occurred_at, params, import_id)
       SELECT dedup_key, email, event_name, occurred_at, params, $1 FROM batch WHERE state = 'pending'
       ON CONFLICT (dedup_key) DO NOTHING
       RETURNING dedup_key
     ), ledger AS (
       INSERT INTO delivered_events (destination, dedup_key, import_id, moment_key)
       SELECT $3, b.dedup_key, $1, b.moment_key FROM batch b WHERE b.state = 'pending' AND b.dedup_key IN (SELECT dedup_key FROM stored)
       ON CONFLICT (destination, dedup_key) DO NOTHING
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
    [importId, afterRow, BUILTIN_IDENTITY],
  );
  if (!result || result.last_row === null) return null;
  return { lastRow: result.last_row, delivered: result.delivered, duplicates: result.duplicates };
}
