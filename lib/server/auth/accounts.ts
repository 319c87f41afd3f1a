import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { verifyPassword } from "./password";
import { setPassword, type Role, type User } from "./users";

/** What managing accounts refuses, in words for the person who asked. */
export class AccountRefused extends Error {}

export const LAST_ADMIN = "This is the only admin: make another account an admin first, so that someone can still manage Backfill.";

export async function findUser(sql: Sql, by: { id?: string; email?: string }): Promise<User | null> {
  const [row] = by.id
    ? await sql.query<User>(`SELECT id, email, role FROM users WHERE id = $1`, [by.id])
    : await sql.query<User>(`SELECT id, email, role FROM users WHERE email = $1`, [(by.email ?? "").trim().toLowerCase()]);
  return row ?? null;
}

async function existing(sql: Sql, by: { id?: string; email?: string }): Promise<User> {
  const user = await findUser(sql, by);
  if (!user) throw new AccountRefused(`There is no account ${by.email ? `for ${by.email}` : "like that"}: it may have been removed.`);
  return user;
}

/**
 * Runs `change` with every admin row locked, so that two admins demoting or removing each other at
 * the same moment cannot both succeed and leave no admin.
 */
async function withAdminsLocked<T>(sql: Sql, change: (tx: Sql, admins: string[]) => Promise<T>): Promise<T> {
  return sql.transaction(async (tx) => {
    const rows = await tx.query<{ id: string }>(`SELECT id FROM users WHERE role = 'admin' ORDER BY id FOR UPDATE`);
    return change(tx, rows.map((row) => row.id));
  });
}

/** Makes an account an admin or a member; never takes the role from the last admin. */
export async function setRole(sql: Sql, by: { id?: string; email?: string }, role: Role): Promise<User> {
  const user = await existing(sql, by);
  return withAdminsLocked(sql, async (tx, admins) => {
    if (role === "member" && admins.length === 1 && admins[0] === user.id) throw new AccountRefused(LAST_ADMIN);
    await tx.query(`UPDATE users SET role = $2 WHERE id = $1`, [user.id, role]);
    return { ...user, role };
  });
}

/** Removes an account and its sessions (its imports stay, for their reports); never the last admin. */
export async function removeUser(sql: Sql, by: { id?: string; email?: string }): Promise<User> {
  const user = await existing(sql, by);
  return withAdminsLocked(sql, async (tx, admins) => {
    if (admins.length === 1 && admins[0] === user.id) throw new AccountRefused(LAST_ADMIN);
    await tx.query(`DELETE FROM users WHERE id = $1`, [user.id]);
    return user;
  });
}

/**
 * Changes one's own password, given the current one; every session ends (the caller starts a new
 * one for the browser that asked). Returns false when the current password is wrong.
 */
export async function changeOwnPassword(sql: Sql, userId: string, current: string, next: string): Promise<boolean> {
  const [row] = await sql.query<{ email: string; password_hash: string }>(`SELECT email, password_hash FROM users WHERE id = $1`, [userId]);
  if (!row || !(await verifyPassword(current, row.password_hash))) return false;
  if (current === next) throw new AccountRefused("The new password must differ from the current one.");
  return setPassword(sql, row.email, next);
}

/** An admin's reset of someone else's password: their sessions end and they choose their own at the next sign-in. */
export async function resetPassword(sql: Sql, by: { id?: string; email?: string }, password: string, options: { mustChange: boolean }): Promise<User> {
  const user = await existing(sql, by);
  await setPassword(sql, user.email, password, { mustChange: options.mustChange });
  return user;
}
