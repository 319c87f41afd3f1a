import "server-only";
import { randomBytes } from "node:crypto";
import { newPasswordSchema, newUserSchema, type NewUser, type Role } from "@/lib/contract/accounts";
import type { Sql } from "@/lib/server/db/sql";
import { decoyHash, hashPassword, verifyPassword } from "./password";

export type { NewUser, Role };
export type User = { id: string; email: string; role: Role };
/** A signed-in user, and whether they must first replace a password someone else chose. */
export type SessionUser = User & { mustChangePassword: boolean };

type UserRow = { id: string; email: string; role: Role; password_hash: string; must_change_password: boolean };

export class UserExists extends Error {}

export async function createUser(sql: Sql, input: NewUser, options: { mustChangePassword?: boolean } = {}): Promise<User> {
  const { email, password, role } = newUserSchema.parse(input);
  const passwordHash = await hashPassword(password);
  const rows = await sql.query<User>(
    `INSERT INTO users (email, password_hash, role, must_change_password) VALUES ($1, $2, $3, $4)
     ON CONFLICT (email) DO NOTHING RETURNING id, email, role`,
    [email, passwordHash, role, options.mustChangePassword ?? false],
  );
  if (rows.length === 0) throw new UserExists(`An account for ${email} exists already.`);
  return rows[0];
}

/**
 * Gives an account a new password and ends every one of its sessions. `mustChange`: someone else
 * chose it (an admin's reset), so its owner replaces it at the next sign-in.
 */
export async function setPassword(sql: Sql, email: string, password: string, options: { mustChange?: boolean } = {}): Promise<boolean> {
  const parsed = newPasswordSchema.parse(password);
  const hash = await hashPassword(parsed);
  return sql.transaction(async (tx) => {
    const rows = await tx.query<{ id: string }>(
      `UPDATE users SET password_hash = $2, must_change_password = $3 WHERE email = $1 RETURNING id`,
      [email.trim().toLowerCase(), hash, options.mustChange ?? false],
    );
    if (rows.length > 0) await tx.query(`DELETE FROM sessions WHERE user_id = $1`, [rows[0].id]);
    return rows.length > 0;
  });
}

/** The user with this email and password, or null; as slow for an unknown email as for a wrong password. */
export async function checkCredentials(sql: Sql, email: string, password: string): Promise<SessionUser | null> {
  const [row] = await sql.query<UserRow>(
    `SELECT id, email, role, password_hash, must_change_password FROM users WHERE email = $1`,
    [email.trim().toLowerCase()],
  );
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
  return row && ok ? { id: row.id, email: row.email, role: row.role, mustChangePassword: row.must_change_password } : null;
}

export async function listUsers(sql: Sql): Promise<(User & { createdAt: Date })[]> {
  const rows = await sql.query<User & { created_at: Date }>(`SELECT id, email, role, created_at FROM users ORDER BY created_at`);
  return rows.map((row) => ({ id: row.id, email: row.email, role: row.role, createdAt: new Date(row.created_at) }));
}

export async function countUsers(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM users`);
  return row.count;
}

export type FirstAdmin = { created: false } | { created: true; email: string; password: string | null };

/**
 * The first admin, on a database without users: from ADMIN_EMAIL / ADMIN_PASSWORD when set, else
 * admin@backfill.local with a random password that the caller prints once. Does nothing once a user exists.
 */
export async function ensureFirstAdmin(sql: Sql, configured: { email?: string; password?: string }): Promise<FirstAdmin> {
  if ((await countUsers(sql)) > 0) return { created: false };
  const email = configured.email ?? "admin@backfill.local";
  const password = configured.password ?? randomBytes(12).toString("base64url");
  try {
    // A password printed in the log is not one to keep: its owner replaces it at the first sign-in.
    await createUser(sql, { email, password, role: "admin" }, { mustChangePassword: !configured.password });
  } catch (error) {
    // Another process made the first admin at the same moment.
    if (error instanceof UserExists) return { created: false };
    throw error;
  }
  return { created: true, email, password: configured.password ? null : password };
}
