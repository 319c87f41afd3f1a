"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type ActionResult, describeInvalid, guarded } from "@/lib/server/action-result";
import { AccountRefused, removeUser as removeAccount, resetPassword as resetAccountPassword, setRole as setAccountRole } from "@/lib/server/auth/accounts";
import { actionCaller } from "@/lib/server/auth/current";
import { UserExists, createUser, newUserSchema } from "@/lib/server/auth/users";
import { getDb } from "@/lib/server/db/client";

type Done = ActionResult<{ message: string }>;

/** Adds an account; admins only. */
export async function addUser(input: unknown): Promise<ActionResult<{ email: string }>> {
  return guarded("users", async (): Promise<ActionResult<{ email: string }>> => {
    const caller = await actionCaller("admin");
    if (!caller.ok) return caller;
    const parsed = newUserSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: describeInvalid(parsed.error, { email: "Email", password: "Password", role: "Role" }) };
    const { sql } = await getDb();
    try {
      const user = await createUser(sql, parsed.data);
      revalidatePath("/admin/users");
      return { ok: true, email: user.email };
    } catch (error) {
      if (error instanceof UserExists) return { ok: false, error: error.message };
      throw error;
    }
  });
}

/** The checks every change to someone's account starts with: an admin calling, and a valid input. */
async function adminChange<T extends z.ZodType>(schema: T, input: unknown, labels: Record<string, string>, work: (data: z.infer<T>, adminId: string) => Promise<string>): Promise<Done> {
  return guarded("users", async (): Promise<Done> => {
    const caller = await actionCaller("admin");
    if (!caller.ok) return caller;
    const parsed = schema.safeParse(input);
    if (!parsed.success) return { ok: false, error: describeInvalid(parsed.error, labels) };
    try {
      const message = await work(parsed.data, caller.user.id);
      revalidatePath("/admin/users");
      return { ok: true, message };
    } catch (error) {
      if (error instanceof AccountRefused) return { ok: false, error: error.message };
      throw error;
    }
  });
}

const userId = z.uuid("No such account.");

/** Gives someone a new password: their sessions end, and they choose their own at the next sign-in. */
export async function resetPassword(input: unknown): Promise<Done> {
  return adminChange(z.object({ userId, password: newUserSchema.shape.password }), input, { password: "New password" }, async (data) => {
    const { sql } = await getDb();
    const user = await resetAccountPassword(sql, { id: data.userId }, data.password, { mustChange: true });
    return `${user.email} has a new password; their sessions have ended, and they will choose their own at the next sign-in.`;
  });
}

/** Makes someone an admin or a member; the last admin stays one. */
export async function setRole(input: unknown): Promise<Done> {
  return adminChange(z.object({ userId, role: z.enum(["admin", "member"]) }), input, { role: "Role" }, async (data) => {
    const { sql } = await getDb();
    const user = await setAccountRole(sql, { id: data.userId }, data.role);
    return `${user.email} is now ${data.role === "admin" ? "an admin" : "a member"}.`;
  });
}

/** Removes someone's account and ends their sessions; their imports stay. Not one's own, nor the last admin. */
export async function removeUser(input: unknown): Promise<Done> {
  return adminChange(z.object({ userId }), input, {}, async (data, adminId) => {
    if (data.userId === adminId) throw new AccountRefused("You cannot remove your own account: ask another admin.");
    const { sql } = await getDb();
    const user = await removeAccount(sql, { id: data.userId });
    return `Removed ${user.email}; their imports stay.`;
  });
}
