import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { BUILTIN_IDENTITY } from "@/lib/server/destinations/identity";

/**
 * The ledger of delivered events (table `delivered_events`, decisions 004 and 011): what a
 * destination has received, or is being sent by an import that claimed it, by its identity and the
 * events' dedup keys. Every lookup and write is one statement for a whole batch of keys, on the
 * primary key (destination, dedup_key).
 */

/**
 * The whole ledger as one relation, for reading: the outside destinations' entries, and the built-in
 * store's events, whose unique dedup key already records each event it holds (decision 019), so that
 * storing an event writes no second row. A lookup names one destination, and the planner drops the
 * other side at once (its test on a constant is false), whatever the destination's parameter.
 */
export const LEDGER_SQL = `(SELECT destination, dedup_key, import_id, row_number, delivered_at, moment_key FROM delivered_events
    UNION ALL
    SELECT '${BUILTIN_IDENTITY}' AS destination, dedup_key, import_id, NULL::int AS row_number, created_at AS delivered_at, moment_key FROM events)`;

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
  `(SELECT ${ALREADY_IMPORTED_REASON_SQL} FROM ${LEDGER_SQL} d LEFT JOIN imports i ON i.id = d.import_id
    WHERE d.destination = ${destination} AND d.dedup_key = s.dedup_key)`;

/**
 * The import's row `s` and the import `i` a ledger entry `d` names, for LEDGER_STANDING_SQL: the
 * entry is as good as its row.
 */
export const LEDGER_OWNER_JOIN_SQL = `LEFT JOIN imports i ON i.id = d.import_id
  LEFT JOIN staged_rows s ON s.import_id = d.import_id AND s.row_number = d.row_number`;

/**
 * What a ledger entry `d` stands for, as SQL over it and LEDGER_OWNER_JOIN_SQL: 'delivered' (the
 * built-in store's, one whose row says delivered or saved all the same, or one whose import is gone:
 * never sent again on a guess), 'held' (its row still pending under its import's live lease: in
 * flight), or 'free' (its import stopped without delivering it: a lapsed lease, a cancel or a failure,
 * whose rows carry the import's own error as their reason).
 */
export const LEDGER_STANDING_SQL = `CASE
    WHEN d.row_number IS NULL OR s.state IS NULL OR s.state IN ('delivered', 'duplicate') THEN 'delivered'
    WHEN s.state = 'pending' AND i.claims_expire_at > clock_timestamp() THEN 'held'
    WHEN s.state = 'pending' OR s.reason IS NOT DISTINCT FROM i.error THEN 'free'
    ELSE 'delivered' END`;

export type LedgerHit = { dedupKey: string; reason: string };

/**
 * Which of these keys the destination already holds, each with the reason a row of it is skipped
 * (those an import is sending now are not held yet).
 */
export async function findDelivered(sql: Sql, destination: string, dedupKeys: string[]): Promise<LedgerHit[]> {
  if (dedupKeys.length === 0) return [];
  const rows = await sql.query<{ dedup_key: string; reason: string }>(
    `SELECT d.dedup_key, ${ALREADY_IMPORTED_REASON_SQL} AS reason
     FROM ${LEDGER_SQL} d ${LEDGER_OWNER_JOIN_SQL}
     WHERE d.destination = $1 AND d.dedup_key = ANY($2::text[]) AND ${LEDGER_STANDING_SQL} = 'delivered'`,
    [destination, dedupKeys],
  );
  return rows.map((row) => ({ dedupKey: row.dedup_key, reason: row.reason }));
}
