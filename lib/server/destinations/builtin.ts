import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { MAX_BATCH_EVENTS } from "./types";

export const BUILTIN_LABEL = "Built-in event store";

export type StoredBatch = { lastRow: number; delivered: number; duplicates: number };

/**
 * The built-in destination: the events table, whose unique dedup key makes a second import of the same
 * event a duplicate. The next batch of at most 500 rows after the checkpoint moves from staging into
 * the store and gets its outcomes in one statement, inside the caller's transaction: the rows never
 * travel through JavaScript, and a crash keeps both sides or neither. Null when no row is left.
 */
export async function storeNextBatch(sql: Sql, importId: string, afterRow: number): Promise<StoredBatch | null> {
  const [result] = await sql.query<{ last_row: number | null; delivered: number; duplicates: number }>(
    `WITH batch AS (
       SELECT row_number, email, event_name, occurred_at, params, dedup_key, state FROM staged_rows
       WHERE import_id = $1 AND row_number > $2 ORDER BY row_number LIMIT ${MAX_BATCH_EVENTS}
     ), stored AS (
       INSERT INTO events (dedup_key, email, event_name, occurred_at, params, import_id)
       SELECT dedup_key, email, event_name, occurred_at, params, $1 FROM batch WHERE state = 'pending'
       ON CONFLICT (dedup_key) DO NOTHING
       RETURNING dedup_key
     ), settled AS (
       UPDATE staged_rows s
       SET state = CASE WHEN stored.dedup_key IS NULL THEN 'duplicate' ELSE 'delivered' END
       FROM batch LEFT JOIN stored ON stored.dedup_key = batch.dedup_key
       WHERE s.import_id = $1 AND s.row_number = batch.row_number AND batch.state = 'pending'
       RETURNING s.state
     )
     SELECT (SELECT max(row_number) FROM batch) AS last_row,
            (SELECT count(*)::int FROM settled WHERE state = 'delivered') AS delivered,
            (SELECT count(*)::int FROM settled WHERE state = 'duplicate') AS duplicates`,
    [importId, afterRow],
  );
  if (!result || result.last_row === null) return null;
  return { lastRow: result.last_row, delivered: result.delivered, duplicates: result.duplicates };
}
