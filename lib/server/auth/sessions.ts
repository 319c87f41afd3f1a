import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { TOKEN_PATTERN, hashToken, newToken } from "./tokens";
import type { Role, User } from "./users";

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

export async function userForSession(sql: Sql, token: string | undefined): Promise<User | null> {
  if (!token || !TOKEN_PATTERN.test(token)) return null;
  const [row] = await sql.query<{ id: string; email: string; role: Role }>(
    `SELECT u.id, u.email, u.role FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [hashToken(token)],
  );
  return row ?? null;
}

export async function endSession(sql: Sql, token: string | undefined): Promise<void> {
  if (token && TOKEN_PATTERN.test(token)) await sql.query(`DELETE FROM sessions WHERE token_hash = $1`, [hashToken(token)]);
}
