"use server";

import { revalidatePath } from "next/cache";
import { type ActionResult, describeInvalid, guarded } from "@/lib/server/action-result";
import { actionCaller } from "@/lib/server/auth/current";
import { UserExists, createUser, newUserSchema } from "@/lib/server/auth/users";
import { getDb } from "@/lib/server/db/client";

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
