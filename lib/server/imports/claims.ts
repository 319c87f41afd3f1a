import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { ALREADY_IMPORTED_REASON_SQL, LEDGER_OWNER_JOIN_SQL, LEDGER_STANDING_SQL } from "./ledger";

/**
 * Claims on events (decision 011). An import sending to an outside destination claims each event in
 * the ledger, in the transaction that takes its batch and before sending it: the entry names the
 * import and row, so the row's state says what the entry stands for (LEDGER_STANDING_SQL). Another
 * import that meets a claim in flight neither sends the event nor calls it a duplicate until it
 * resolves: delivered, a duplicate; refused (the entry is removed) or abandoned, its own to send.
 * A claim is in flight while its import's lease (imports.claims_expire_at) lies ahead; the sender
 * renews it, so the claims of an import whose worker died lapse: its own next try takes them back,
 * and once the lease has passed any other import may.
 */

/** How long an import's claims hold without a renewal: past pg-boss's retry of a dead worker's job (about 20 s). */
export const CLAIM_LEASE_MS = 60_000;
const RENEW_EVERY_MS = CLAIM_LEASE_MS / 4;

/** A pending row the caller wants to send. */
export type ClaimRow = { rowNumber: number; dedupKey: string };

/** What claiming some rows came to: the rows now the import's to send, the duplicates with their reasons, and how many wait. */
export type Claimed = { mine: Set<number>; duplicates: Map<number, string>; waiting: number };

/**
 * Sorts out the rows whose keys the ledger already had when the caller's claims were written (the
 * rows the insert did not take): a delivered entry makes a duplicate, one held by another import
 * waits, and one that is the import's own from an earlier try, or abandoned, is taken over. A
 * takeover is a compare-and-set on the entry's time, so that two imports, or an import and its own
 * next try, never both take the same entry.
 */
export async function sortOutClaimed(sql: Sql, destination: string, importId: string, rows: ClaimRow[]): Promise<Claimed> {
  const claimed: Claimed = { mine: new Set(), duplicates: new Map(), waiting: 0 };
  if (rows.length === 0) return claimed;
  const entries = await sql.query<{ dedup_key: string; import_id: string | null; at: string; standing: string; reason: string }>(
    `SELECT d.dedup_key, d.import_id, d.delivered_at::text AS at, ${LEDGER_STANDING_SQL} AS standing, ${ALREADY_IMPORTED_REASON_SQL} AS reason
     FROM delivered_events d ${LEDGER_OWNER_JOIN_SQL}
     WHERE d.destination = $1 AND d.dedup_key = ANY($2::text[])`,
    [destination, rows.map((row) => row.dedupKey)],
  );
  const byKey = new Map(entries.map((entry) => [entry.dedup_key, entry]));
  const takeable: { row: ClaimRow; at: string }[] = [];
  for (const row of rows) {
    const entry = byKey.get(row.dedupKey);
    if (entry?.standing === "delivered" && entry.import_id !== importId) claimed.duplicates.set(row.rowNumber, entry.reason);
    else if (entry && (entry.import_id === importId || entry.standing === "free")) takeable.push({ row, at: entry.at });
    // Held by another import, or removed a moment ago by a refusal: looked at again later.
    else claimed.waiting++;
  }
  if (takeable.length > 0) {
    const taken = await sql.query<{ dedup_key: string }>(
      `UPDATE delivered_events d SET import_id = $2::uuid, row_number = u.row_number, delivered_at = clock_timestamp()
       FROM unnest($3::text[], $4::int[], $5::text[]) AS u(dedup_key, row_number, at)
       WHERE d.destination = $1 AND d.dedup_key = u.dedup_key AND d.delivered_at = u.at::timestamptz
       RETURNING d.dedup_key`,
      [destination, importId, takeable.map((t) => t.row.dedupKey), takeable.map((t) => t.row.rowNumber), takeable.map((t) => t.at)],
    );
    const won = new Set(taken.map((entry) => entry.dedup_key));
    for (const { row } of takeable) {
      if (won.has(row.dedupKey)) claimed.mine.add(row.rowNumber);
      else claimed.waiting++;
    }
  }
  return claimed;
}

/** Removes the import's claims on these keys: the destination refused the events, so another import may send them. */
export async function releaseClaims(sql: Sql, destination: string, importId: string, dedupKeys: string[]): Promise<void> {
  if (dedupKeys.length === 0) return;
  await sql.query(
    `DELETE FROM delivered_events WHERE destination = $1 AND dedup_key = ANY($3::text[]) AND import_id = $2`,
    [destination, importId, dedupKeys],
  );
}

/** Ends the import's lease: it has finished, failed or been cancelled, and what it did not deliver is free. */
export async function endLease(sql: Sql, importId: string): Promise<void> {
  await sql.query(`UPDATE imports SET claims_expire_at = NULL WHERE id = $1`, [importId]);
}

/**
 * Starts the import's lease and keeps renewing it while its sender runs; `stop` ends the renewals
 * (the lease then lapses by itself, unless the import's end ended it first).
 */
export async function holdClaims(sql: Sql, importId: string): Promise<{ stop: () => void }> {
  const renew = () =>
    sql.query(`UPDATE imports SET claims_expire_at = clock_timestamp() + make_interval(secs => $2::float8) WHERE id = $1`, [
      importId,
      CLAIM_LEASE_MS / 1000,
    ]);
  await renew();
  const timer = setInterval(() => {
    renew().catch((error: unknown) => console.error(`[jobs] import ${importId}: renewing its claims failed:`, error));
  }, RENEW_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
