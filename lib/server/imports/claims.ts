import "server-only";
import type { Sql } from "@/lib/server/db/sql";

/**
 * Claims on events (table event_claims, decision 011): an import takes each event it is about to send
 * to a destination, in the transaction that takes its batch, so that another import of the same
 * events at the same moment neither sends them nor calls them duplicates until the claim resolves.
 * A claim holds while its import's lease (imports.claims_expire_at) lies ahead; the sender renews it,
 * so the claims of an import whose worker died lapse and are taken over: by its own next try, or,
 * once the lease is past, by any other import.
 */

/** How long an import's claims hold without a renewal: past pg-boss's retry of a dead worker's job (about 20 s). */
export const CLAIM_LEASE_MS = 60_000;
const RENEW_EVERY_MS = CLAIM_LEASE_MS / 4;

/**
 * Claims the keys for the import and returns those it holds now: unclaimed ones, its own from an
 * earlier try, and those of an import whose lease has passed. A key another import holds is left out.
 * One statement; on PostgreSQL a claim being released by another transaction is waited for, so the
 * caller's next statement (the ledger lookup) sees what that transaction recorded.
 */
export async function claimEvents(sql: Sql, destination: string, importId: string, dedupKeys: string[]): Promise<Set<string>> {
  if (dedupKeys.length === 0) return new Set();
  const rows = await sql.query<{ dedup_key: string }>(
    `INSERT INTO event_claims AS c (destination, dedup_key, import_id)
     SELECT $1, k, $2::uuid FROM unnest($3::text[]) AS k
     ON CONFLICT (destination, dedup_key) DO UPDATE SET import_id = excluded.import_id
     WHERE c.import_id = excluded.import_id
        OR NOT EXISTS (SELECT 1 FROM imports i WHERE i.id = c.import_id AND i.claims_expire_at > clock_timestamp())
     RETURNING dedup_key`,
    [destination, importId, dedupKeys],
  );
  return new Set(rows.map((row) => row.dedup_key));
}

/** Lets go of the import's claims on these keys (settled, or found delivered already). */
export async function releaseClaims(sql: Sql, destination: string, importId: string, dedupKeys: string[]): Promise<void> {
  if (dedupKeys.length === 0) return;
  await sql.query(
    `DELETE FROM event_claims WHERE destination = $1 AND dedup_key = ANY($3::text[]) AND import_id = $2`,
    [destination, importId, dedupKeys],
  );
}

/** Lets go of every claim the import still holds and ends its lease: it has finished, failed or been cancelled. */
export async function releaseAllClaims(sql: Sql, importId: string): Promise<void> {
  await sql.query(`DELETE FROM event_claims WHERE import_id = $1`, [importId]);
  await sql.query(`UPDATE imports SET claims_expire_at = NULL WHERE id = $1`, [importId]);
}

/**
 * Starts the import's lease and keeps renewing it while its sender runs; `stop` ends the renewals
 * (the lease then lapses by itself, unless the import's end released it first).
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
