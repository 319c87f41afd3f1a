import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { ALREADY_IMPORTED_REASON_SQL, LEDGER_OWNER_JOIN_SQL, LEDGER_SQL, LEDGER_STANDING_SQL } from "./ledger";

/**
 * Events sent again with other values (decision 016): a row whose address, name and instant (its
 * moment key) match an event the destination already received under another dedup key, most often a
 * row fixed in review and then imported again from the original file. Such a row is skipped as a
 * duplicate unless its import chose to send them; the review says so first, the server decides.
 */

/** The earlier event's parameters, as SQL over the ledger entry `d`, its row `s` and the built-in store's event `e`. */
const EARLIER_PARAMS_SQL = `coalesce(s.params, e.params, '{}'::jsonb)`;

/**
 * What the earlier event held that the row `r` does not, as SQL: 'city "NYC"' (its first parameter
 * by name with another value), 'no coupon' (a parameter the row has and it had not), or 'other values'.
 */
const DIFFERENCE_SQL = `coalesce(
    (SELECT key || ' "' || left(value, 80) || '"' FROM jsonb_each_text(${EARLIER_PARAMS_SQL}) AS p(key, value)
     WHERE (r.params -> key) IS DISTINCT FROM (${EARLIER_PARAMS_SQL} -> key) ORDER BY key LIMIT 1),
    (SELECT 'no ' || key FROM jsonb_object_keys(r.params) AS k(key) WHERE NOT ${EARLIER_PARAMS_SQL} ? key ORDER BY key LIMIT 1),
    'other values')`;

/** The delivered ledger entry `d` of another event at the moment of row `r`, with what the reason needs. */
const EARLIER_SQL = (destination: string, importId: string | null) => `LATERAL (
    SELECT d.dedup_key, d.delivered_at, d.import_id, d.row_number FROM ${LEDGER_SQL} d
    WHERE d.destination = ${destination} AND d.moment_key = r.moment_key AND d.dedup_key <> r.dedup_key
      ${importId ? `AND d.import_id IS DISTINCT FROM ${importId}` : ""}
    ORDER BY d.delivered_at DESC LIMIT 1) AS d
  ${LEDGER_OWNER_JOIN_SQL}
  LEFT JOIN events e ON d.row_number IS NULL AND e.dedup_key = d.dedup_key`;

/** "Already imported with city "NYC" on 2026-11-30 (import "orders.csv")." */
const REASON_SQL = `'Already imported with ' || ${DIFFERENCE_SQL} || substr(${ALREADY_IMPORTED_REASON_SQL}, length('Already imported') + 1)`;

/**
 * Marks the import's pending rows that another import already delivered with other values as
 * duplicates, with the reason, unless the import chose to send them. Run with the other repeated
 * rows before the first batch; running it again changes nothing.
 */
export async function markChangedRepeats(sql: Sql, importId: string, destination: string): Promise<void> {
  // Nothing to look for on a first import to a destination, nor for an import that sends them: no probe a row.
  const [current] = await sql.query<{ send: boolean; any: boolean }>(
    `SELECT send_changed_repeats AS send,
            EXISTS (SELECT 1 FROM ${LEDGER_SQL} d WHERE d.destination = $2 AND d.moment_key IS NOT NULL) AS any
     FROM imports WHERE id = $1`,
    [importId, destination],
  );
  if (!current || current.send || !current.any) return;
  await sql.query(
    `WITH hits AS (
       SELECT r.row_number, ${REASON_SQL} AS reason
       FROM staged_rows r CROSS JOIN ${EARLIER_SQL("$2", "$1::uuid")}
       WHERE r.import_id = $1 AND r.state = 'pending' AND r.moment_key IS NOT NULL AND ${LEDGER_STANDING_SQL} = 'delivered'
     )
     UPDATE staged_rows r SET state = 'duplicate', reason = h.reason
     FROM hits h WHERE r.import_id = $1 AND r.row_number = h.row_number AND r.state = 'pending'`,
    [importId, destination],
  );
}

/** A row of the review that matches an earlier event's moment with other values: its position and the earlier parameters. */
export type ChangedHit = { index: number; earlier: Record<string, unknown>; when: string };

/**
 * For the review: which of these (dedup key, moment key) pairs the destination holds under the same
 * moment with another dedup key, with the earlier event's parameters and when it was delivered.
 */
export async function findChangedRepeats(sql: Sql, destination: string, keys: string[], moments: string[]): Promise<ChangedHit[]> {
  if (keys.length === 0) return [];
  const rows = await sql.query<{ index: number; earlier: Record<string, unknown>; delivered_on: string }>(
    `SELECT r.index::int - 1 AS index, ${EARLIER_PARAMS_SQL} AS earlier, to_char(d.delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS delivered_on
     FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS r(dedup_key, moment_key, index)
     CROSS JOIN ${EARLIER_SQL("$1", null)}
     WHERE ${LEDGER_STANDING_SQL} = 'delivered'`,
    [destination, keys, moments],
  );
  return rows.map((row) => ({ index: row.index, earlier: row.earlier, when: row.delivered_on }));
}
