"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { type ActionResult, describeInvalid, guarded } from "@/lib/server/action-result";
import { AccountRefused, changeOwnPassword } from "@/lib/server/auth/accounts";
import { clientAddress } from "@/lib/server/auth/client-address";
import { actionCaller } from "@/lib/server/auth/current";
import { startSession } from "@/lib/server/auth/session-cookie";
import { SESSION_COOKIE, endAllSessions } from "@/lib/server/auth/sessions";
import { reserveSignIn, settleSignIn } from "@/lib/server/auth/throttle";
import { newUserSchema } from "@/lib/server/auth/users";
import { getDb } from "@/lib/server/db/client";

const changePasswordSchema = z.object({ current: z.string().min(1, "Enter your current password.").max(200), password: newUserSchema.shape.password });

/**
 * Changes the caller's own password. The current one is checked under the sign-in limits (a
 * borrowed session must not become a way to guess it); every session ends, and this browser gets
 * a new one.
 */
export async function changePassword(input: unknown): Promise<ActionResult<Record<never, never>>> {
  return guarded("account", async (): Promise<ActionResult<Record<never, never>>> => {
    const caller = await actionCaller("member", { beforeNewPassword: true });
    if (!caller.ok) return caller;
    const parsed = changePasswordSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: describeInvalid(parsed.error, { current: "Current password", password: "New password" }) };
    const { sql } = await getDb();
    const reservation = await reserveSignIn(sql, caller.user.email, await clientAddress());
    if (!reservation.ok) return reservation;
    try {
      const changed = await changeOwnPassword(sql, caller.user.id, parsed.data.current, parsed.data.password);
      await settleSignIn(sql, reservation, changed);
      if (!changed) return { ok: false, error: "Current password: that is not your current password." };
    } catch (error) {
      if (error instanceof AccountRefused) return { ok: false, error: error.message };
      throw error;
    }
    await startSession(caller.user.id);
    return { ok: true };
  });
}

/** Ends every session of the caller, this browser's included. */
export async function signOutEverywhere(): Promise<ActionResult<Record<never, never>>> {
  return guarded("account", async (): Promise<ActionResult<Record<never, never>>> => {
    const caller = await actionCaller("member", { beforeNewPassword: true });
    if (!caller.ok) return caller;
    const { sql } = await getDb();
    await endAllSessions(sql, caller.user.id);
    (await cookies()).delete(SESSION_COOKIE);
    return { ok: true };
  });
}
