"use server";

import { revalidatePath } from "next/cache";
import { newUserSchema, removeUserSchema, resetPasswordSchema, setRoleSchema } from "@/lib/contract/accounts";
import { action } from "@/lib/server/action";
import * as accounts from "@/lib/server/auth/accounts";
import { UserExists, createUser } from "@/lib/server/auth/users";
import { getDb } from "@/lib/server/db/client";

const expected = [accounts.AccountRefused, UserExists];

/** Adds an account; admins only. */
export const addUser = action(
  { role: "admin", input: newUserSchema, labels: { email: "Email", password: "Password", role: "Role" }, expected },
  async (input) => {
    const { sql } = await getDb();
    const user = await createUser(sql, input);
    revalidatePath("/admin/users");
    return { ok: true, email: user.email };
  },
);

/** Gives someone a new password: their sessions end, and they choose their own at the next sign-in. */
export const resetPassword = action({ role: "admin", input: resetPasswordSchema, labels: { password: "New password" }, expected }, async (input) => {
  const { sql } = await getDb();
  const user = await accounts.resetPassword(sql, { id: input.userId }, input.password, { mustChange: true });
  revalidatePath("/admin/users");
  return { ok: true, message: `${user.email} has a new password; their sessions have ended, and they will choose their own at the next sign-in.` };
});

/** Makes someone an admin or a member; the last admin stays one. */
export const setRole = action({ role: "admin", input: setRoleSchema, labels: { role: "Role" }, expected }, async (input) => {
  const { sql } = await getDb();
  const user = await accounts.setRole(sql, { id: input.userId }, input.role);
  revalidatePath("/admin/users");
  return { ok: true, message: `${user.email} is now ${input.role === "admin" ? "an admin" : "a member"}.` };
});

/** Removes someone's account and ends their sessions; their imports stay. Not one's own, nor the last admin. */
export const removeUser = action({ role: "admin", input: removeUserSchema, labels: {}, expected }, async (input, { user: admin }) => {
  if (input.userId === admin.id) return { ok: false, error: "You cannot remove your own account: ask another admin." };
  const { sql } = await getDb();
  const user = await accounts.removeUser(sql, { id: input.userId });
  revalidatePath("/admin/users");
  return { ok: true, message: `Removed ${user.email}; their imports stay.` };
});
