import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Sql } from "@/lib/server/db/sql";
import type { Role, User } from "./users";

export const SESSION_COOKIE = "backfill_session";
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new session for the user; the token goes in the cookie, its hash in the database. */
export async function createSession(sql: Sql, userId: string, days: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  await sql.query(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`, [hash(token), userId, expiresAt]);
  // Old sessions go as new ones come.
  await sql.query(`DELETE FROM sessions WHERE expires_at < now()`);
  return { token, expiresAt };
}

export async function userForSession(sql: Sql, token: string | undefined): Promise<User | null> {
  if (!token || !TOKEN.test(token)) return null;
  const [row] = await sql.query<{ id: string; email: string; role: Role }>(
    `SELECT u.id, u.email, u.role FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [hash(token)],
  );
  return row ?? null;
}

export async function endSession(sql: Sql, token: string | undefined): Promise<void> {
  if (token && TOKEN.test(token)) await sql.query(`DELETE FROM sessions WHERE token_hash = $1`, [hash(token)]);
}
