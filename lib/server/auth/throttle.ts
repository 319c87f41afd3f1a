import "server-only";
import type { Sql } from "@/lib/server/db/sql";

/**
 * Sign-in limits, counted in the database so that every web process sees the same counts. An
 * attempt is counted before its password is checked, in one transaction that locks the counters
 * it touches, so that however many guesses arrive at once, no more than the limit are checked.
 *
 * - a client (its address) may try 50 times in 15 minutes, whatever the accounts: a flood from one
 *   client costs no password hashes once it is spent;
 * - a client may try one account 10 times in 15 minutes; other clients are not affected;
 * - an account, from every client together, has 10 free tries in 15 minutes; after that one try
 *   every 30 seconds is checked: guessing from many clients is slowed to a crawl, and the owner,
 *   signing in from their own client, waits seconds rather than being shut out.
 */
export const SIGN_IN_WINDOW_MINUTES = 15;
export const CLIENT_ATTEMPTS = 50;
export const ACCOUNT_ATTEMPTS_PER_CLIENT = 10;
export const ACCOUNT_FREE_ATTEMPTS = 10;
export const ACCOUNT_SLOW_SECONDS = 30;

type Limit = { key: string; max: number; slowSeconds: number | null; refusal: (wait: string) => string };
type Counter = { key: string; attempts: number; window_start: Date; not_before: Date | null; now: Date };

export type Reservation = { ok: true; client: string; email: string } | { ok: false; error: string };

function limitsFor(email: string, client: string): Limit[] {
  return [
    { key: `client:${client}`, max: CLIENT_ATTEMPTS, slowSeconds: null, refusal: (wait) => `Too many sign-ins from your network: try again in ${wait}.` },
    { key: `pair:${client}:${email}`, max: ACCOUNT_ATTEMPTS_PER_CLIENT, slowSeconds: null, refusal: (wait) => `Too many failed sign-ins for this address: try again in ${wait}.` },
    { key: `account:${email}`, max: ACCOUNT_FREE_ATTEMPTS, slowSeconds: ACCOUNT_SLOW_SECONDS, refusal: (wait) => `Sign-ins for this address are slowed down after many failures: try again in ${wait}.` },
  ];
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase().slice(0, 254);
}

function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 120) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** Counts an attempt for `email` from `client`, or refuses it (saying how long to wait) without counting. */
export async function reserveSignIn(sql: Sql, rawEmail: string, client: string): Promise<Reservation> {
  const email = normaliseEmail(rawEmail);
  // Most specific refusal first: a client's own limits before the account's shared one.
  const limits = limitsFor(email, client);
  const keys = limits.map((limit) => limit.key).sort();
  const windowMs = SIGN_IN_WINDOW_MINUTES * 60_000;
  const refusal = await sql.transaction(async (tx) => {
    // The same order everywhere, so that two attempts never wait for each other's locks in a circle.
    await tx.query(`INSERT INTO sign_in_limits (key) SELECT unnest($1::text[]) ORDER BY 1 ON CONFLICT (key) DO NOTHING`, [keys]);
    const rows = await tx.query<Counter>(
      `SELECT key, attempts, window_start, not_before, now() AS now FROM sign_in_limits WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE`,
      [keys],
    );
    const byKey = new Map(rows.map((row) => [row.key, row]));
    const plans = limits.map((limit) => {
      const row = byKey.get(limit.key)!;
      const now = new Date(row.now).getTime();
      const fresh = new Date(row.window_start).getTime() + windowMs <= now;
      const attempts = fresh ? 0 : row.attempts;
      const windowStart = fresh ? now : new Date(row.window_start).getTime();
      const notBefore = row.not_before ? new Date(row.not_before).getTime() : 0;
      let wait = 0;
      if (attempts >= limit.max) wait = limit.slowSeconds === null ? windowStart + windowMs - now : Math.max(0, notBefore - now);
      const nextNotBefore = limit.slowSeconds !== null && attempts + 1 >= limit.max ? now + limit.slowSeconds * 1000 : null;
      return { limit, attempts, windowStart, wait, nextNotBefore };
    });
    const refused = plans.find((plan) => plan.wait > 0);
    if (refused) return refused.limit.refusal(describeWait(refused.wait));
    for (const plan of plans) {
      await tx.query(`UPDATE sign_in_limits SET attempts = $2, window_start = $3, not_before = $4 WHERE key = $1`, [
        plan.limit.key, plan.attempts + 1, new Date(plan.windowStart), plan.nextNotBefore === null ? null : new Date(plan.nextNotBefore),
      ]);
    }
    return null;
  });
  return refusal ? { ok: false, error: refusal } : { ok: true, client, email };
}

/**
 * After the password was checked. A success gives back its own attempt to the client and the
 * account and clears this client's count for the account; a failure stays counted. Old counters go.
 */
export async function settleSignIn(sql: Sql, reservation: { client: string; email: string }, succeeded: boolean): Promise<void> {
  if (succeeded) {
    const { client, email } = reservation;
    await sql.query(`DELETE FROM sign_in_limits WHERE key = $1`, [`pair:${client}:${email}`]);
    await sql.query(`UPDATE sign_in_limits SET attempts = greatest(attempts - 1, 0) WHERE key = ANY($1::text[])`, [[`client:${client}`, `account:${email}`]]);
  }
  await sql.query(
    `DELETE FROM sign_in_limits WHERE window_start < now() - make_interval(mins => $1) AND (not_before IS NULL OR not_before < now())`,
    [SIGN_IN_WINDOW_MINUTES],
  );
}
