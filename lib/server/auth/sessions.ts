import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { TOKEN_PATTERN } from "@/lib/contract/imports";
import { hashToken, newToken } from "./tokens";
import type { Role, SessionUser } from "./users";

export const SESSION_COOKIE = "backfill_session";

/** A new session for the user; the token goes in the cookie, its hash in the database. */
export async function createSession(sql: Sql, userId: string, days: number): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  await sql.query(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`, [hashToken(token), userId, expiresAt]);
  // Old sessions go as new ones come.
  await sql.query(`DELETE FROM sessions WHERE expires_at < now()`);
  return { token, expiresAt };
}

export async function userForSession(sql: Sql, token: string | undefined): Promise<SessionUser | null> {
  if (!token || !TOKEN_PATTERN.test(token)) return null;
  const [row] = await sql.query<{ id: string; email: string; role: Role; must_change_password: boolean }>(
    `SELECT u.id, u.email, u.role, u.must_change_password FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [hashToken(token)],
  );
  return row ? { id: row.id, email: row.email, role: row.role, mustChangePassword: row.must_change_password } : null;
}

/** "Sign out everywhere": every session of the user ends. */
export async function endAllSessions(sql: Sql, userId: string): Promise<void> {
  await sql.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
}

export async function endSession(sql: Sql, token: string | undefined): Promise<void> {
  if (token && TOKEN_PATTERN.test(token)) await sql.query(`DELETE FROM sessions WHERE token_hash = $1`, [hashToken(token)]);
}
