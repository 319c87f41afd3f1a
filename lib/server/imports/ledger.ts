import "server-only";
import type { Sql } from "@/lib/server/db/sql";

/**
 * The ledger of delivered events (table `delivered_events`, decision 004): what a destination has
 * already received, by its identity and the events' dedup keys. Every lookup and write is one
 * statement for a whole batch of keys, on the primary key (destination, dedup_key).
 */

/**
 * The reason a row already in the ledger is skipped, as SQL over the ledger row `d` and its import
 * `i` (which may have been deleted since): "Already imported on 2026-11-30 (import "orders.csv").".
 * One definition for the built-in store's statement and the outside destinations' lookup.
 */
export const ALREADY_IMPORTED_REASON_SQL = `'Already imported on ' || to_char(d.delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')
  || coalesce(' (import "' || i.file_name || '")', ' (by an import since deleted)') || '.'`;

/**
 * The ledger's reason for the staged row `s` (null when `destination`, a SQL value, has not received
 * its event), as a subquery: one probe of the primary key a row. A join would let the planner hash
 * the destination's whole ledger for every batch when its statistics are stale (the embedded
 * database runs no autovacuum), which made a million-row import slow down batch after batch.
 */
export const ledgerReasonSql = (destination: string) =>
  `(SELECT ${ALREADY_IMPORTED_REASON_SQL} FROM delivered_events d LEFT JOIN imports i ON i.id = d.import_id
    WHERE d.destination = ${destination} AND d.dedup_key = s.dedup_key)`;

/** Records the events as delivered to the destination; a key already there keeps its first entry. */
export async function recordDelivered(sql: Sql, destination: string, importId: string, dedupKeys: string[]): Promise<void> {
  if (dedupKeys.length === 0) return;
  await sql.query(
    `INSERT INTO delivered_events (destination, dedup_key, import_id)
     SELECT $1, k, $2::uuid FROM unnest($3::text[]) AS k
     ON CONFLICT (destination, dedup_key) DO NOTHING`,
    [destination, importId, dedupKeys],
  );
}

export type LedgerHit = { dedupKey: string; reason: string };

/** Which of these keys the destination already holds, each with the reason a row of it is skipped. */
export async function findDelivered(sql: Sql, destination: string, dedupKeys: string[]): Promise<LedgerHit[]> {
  if (dedupKeys.length === 0) return [];
  const rows = await sql.query<{ dedup_key: string; reason: string }>(
    `SELECT d.dedup_key, ${ALREADY_IMPORTED_REASON_SQL} AS reason
     FROM delivered_events d LEFT JOIN imports i ON i.id = d.import_id
     WHERE d.destination = $1 AND d.dedup_key = ANY($2::text[])`,
    [destination, dedupKeys],
  );
  return rows.map((row) => ({ dedupKey: row.dedup_key, reason: row.reason }));
}
