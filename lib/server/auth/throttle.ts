import "server-only";
import type { Sql } from "@/lib/server/db/sql";

/** Failed sign-ins an address may have in the window before further tries are refused unchecked. */
export const MAX_FAILED_SIGN_INS = 10;
export const SIGN_IN_WINDOW_MINUTES = 15;

/**
 * Whether an address has failed to sign in too often lately. Kept in the database, so that every
 * web process counts the same failures; old ones are dropped as new ones come.
 */
export async function signInLocked(sql: Sql, email: string): Promise<boolean> {
  const [row] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM sign_in_failures
     WHERE email = $1 AND at > now() - make_interval(mins => $2)`,
    [email.trim().toLowerCase(), SIGN_IN_WINDOW_MINUTES],
  );
  return row.n >= MAX_FAILED_SIGN_INS;
}

export async function recordFailedSignIn(sql: Sql, email: string): Promise<void> {
  await sql.query(`INSERT INTO sign_in_failures (email) VALUES ($1)`, [email.trim().toLowerCase().slice(0, 254)]);
  await sql.query(`DELETE FROM sign_in_failures WHERE at < now() - make_interval(mins => $1)`, [SIGN_IN_WINDOW_MINUTES]);
}

/** A successful sign-in starts the count afresh. */
export async function clearFailedSignIns(sql: Sql, email: string): Promise<void> {
  await sql.query(`DELETE FROM sign_in_failures WHERE email = $1`, [email.trim().toLowerCase()]);
}
