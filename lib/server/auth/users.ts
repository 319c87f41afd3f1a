import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Sql } from "@/lib/server/db/sql";
import { MIN_PASSWORD_LENGTH, decoyHash, hashPassword, verifyPassword } from "./password";

export type Role = "admin" | "member";
export type User = { id: string; email: string; role: Role };

export const newUserSchema = z.object({
  email: z.email("Enter an email address such as you@example.com").max(254).transform((email) => email.toLowerCase()),
  password: z.string().min(MIN_PASSWORD_LENGTH, `A password has at least ${MIN_PASSWORD_LENGTH} characters.`).max(200),
  role: z.enum(["admin", "member"]),
});
export type NewUser = z.input<typeof newUserSchema>;

type UserRow = { id: string; email: string; role: Role; password_hash: string };

export class UserExists extends Error {}

export async function createUser(sql: Sql, input: NewUser): Promise<User> {
  const { email, password, role } = newUserSchema.parse(input);
  const passwordHash = await hashPassword(password);
  const rows = await sql.query<User>(
    `INSERT INTO users (email, password_hash, role) VALUES ($1, $2, $3)
     ON CONFLICT (email) DO NOTHING RETURNING id, email, role`,
    [email, passwordHash, role],
  );
  if (rows.length === 0) throw new UserExists(`An account for ${email} exists already.`);
  return rows[0];
}

export async function setPassword(sql: Sql, email: string, password: string): Promise<boolean> {
  const parsed = newUserSchema.shape.password.parse(password);
  const rows = await sql.query(`UPDATE users SET password_hash = $2 WHERE email = $1 RETURNING id`, [email.toLowerCase(), await hashPassword(parsed)]);
  if (rows.length > 0) await sql.query(`DELETE FROM sessions WHERE user_id = $1`, [(rows[0] as { id: string }).id]);
  return rows.length > 0;
}

/** The user with this email and password, or null; as slow for an unknown email as for a wrong password. */
export async function checkCredentials(sql: Sql, email: string, password: string): Promise<User | null> {
  const [row] = await sql.query<UserRow>(`SELECT id, email, role, password_hash FROM users WHERE email = $1`, [email.trim().toLowerCase()]);
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
  return row && ok ? { id: row.id, email: row.email, role: row.role } : null;
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
    await createUser(sql, { email, password, role: "admin" });
  } catch (error) {
    // Another process made the first admin at the same moment.
    if (error instanceof UserExists) return { created: false };
    throw error;
  }
  return { created: true, email, password: configured.password ? null : password };
}
