import "server-only";
import type { Sql } from "@/lib/server/db/sql";

/**
 * A destination account's request budget, shared through the database by every import and every
 * worker process that sends to that account, since the platform counts their requests together
 * (table request_budgets). Each request takes the next slot of a schedule paced at the budget's
 * rate, on the database's clock; a 429 halves the rate and holds every sender back for at least its
 * Retry-After; answers that are not 429s let the rate grow back to the configured limit.
 */
export type RequestBudget = {
  /** Waits until this request's slot. */
  take(): Promise<void>;
  /** The platform answered 429: slower for everyone, and nothing before `retryAfterMs` (1 s when it gave none). */
  throttled(retryAfterMs: number | null): Promise<void>;
  /** The platform answered something other than 429. */
  answered(): Promise<void>;
};

/**
 * The share of the limit that the schedule keeps to. Requests leave on their slots, but the network
 * and the event loop can bunch a few together on the way: paced at the limit exactly, a platform
 * that counts any second's requests would see 101 now and then.
 */
export const PACE_SHARE = 0.95;
/** The slowest a run of 429s makes the budget, as a share of the limit. */
const SLOWEST_SHARE = 0.02;
/** How much of the limit each answer gives back after a 429: from half to whole in 50 answers. */
const GROWTH_SHARE = 0.01;
/** How long every sender waits after a 429 that names no Retry-After. */
const DEFAULT_BLOCK_MS = 1_000;

export type BudgetOptions = { sleep?: (ms: number) => Promise<void> };

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The budget of `identity` (a destination's ledger identity: kind and account) at `limitPerSecond` requests a second. */
export function requestBudget(sql: Sql, identity: string, limitPerSecond: number, options: BudgetOptions = {}): RequestBudget {
  const limit = limitPerSecond * PACE_SHARE;
  const sleep = options.sleep ?? sleepFor;
  return {
    async take() {
      // The slot is the later of the schedule's next moment, the end of a block and now; the
      // schedule moves one interval on. A lower limit configured since applies at once.
      const [slot] = await sql.query<{ wait_ms: number }>(
        `INSERT INTO request_budgets AS b (destination, rate, next_at)
         VALUES ($1, $2::float8, clock_timestamp() + make_interval(secs => 1.0 / $2::float8))
         ON CONFLICT (destination) DO UPDATE
         SET rate = least(b.rate, $2::float8),
             next_at = greatest(b.next_at, b.blocked_until, clock_timestamp()) + make_interval(secs => 1.0 / least(b.rate, $2::float8))
         RETURNING (extract(epoch FROM next_at - clock_timestamp()) * 1000 - 1000.0 / rate)::float8 AS wait_ms`,
        [identity, limit],
      );
      const wait = Number(slot.wait_ms);
      if (wait > 0) await sleep(wait);
    },
    async throttled(retryAfterMs) {
      // Halved once per block: the other requests in flight that meet the same 429 hold it, not halve it again.
      await sql.query(
        `UPDATE request_budgets
         SET rate = CASE WHEN blocked_until IS NULL OR blocked_until <= clock_timestamp() THEN greatest($3::float8, rate / 2) ELSE rate END,
             blocked_until = greatest(blocked_until, clock_timestamp() + make_interval(secs => $2::float8 / 1000))
         WHERE destination = $1`,
        [identity, retryAfterMs ?? DEFAULT_BLOCK_MS, limit * SLOWEST_SHARE],
      );
    },
    async answered() {
      // Written only while the budget is below its limit: at full pace an answer costs no write.
      await sql.query(
        `UPDATE request_budgets SET rate = least($2::float8, rate + $3::float8) WHERE destination = $1 AND rate < $2::float8`,
        [identity, limit, limit * GROWTH_SHARE],
      );
    },
  };
}

/** The budget as it stands, for tests and the import's page. */
export async function readBudget(sql: Sql, identity: string): Promise<{ rate: number; blockedUntil: Date | null } | null> {
  const [row] = await sql.query<{ rate: number; blocked_until: Date | null }>(
    `SELECT rate, blocked_until FROM request_budgets WHERE destination = $1`,
    [identity],
  );
  return row ? { rate: Number(row.rate), blockedUntil: row.blocked_until } : null;
}
