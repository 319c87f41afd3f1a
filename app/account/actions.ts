"use server";

import { cookies } from "next/headers";
import { changePasswordSchema } from "@/lib/contract/accounts";
import { action } from "@/lib/server/action";
import { AccountRefused, changeOwnPassword } from "@/lib/server/auth/accounts";
import { clientAddress } from "@/lib/server/auth/client-address";
import { startSession } from "@/lib/server/auth/session-cookie";
import { SESSION_COOKIE, endAllSessions } from "@/lib/server/auth/sessions";
import { reserveSignIn, settleSignIn } from "@/lib/server/auth/throttle";
import { getDb } from "@/lib/server/db/client";

/**
 * Changes the caller's own password. The current one is checked under the sign-in limits (a
 * borrowed session must not become a way to guess it); every session ends, and this browser gets
 * a new one.
 */
export const changePassword = action(
  {
    role: "user", beforeNewPassword: true, input: changePasswordSchema, labels: { current: "Current password", password: "New password" },
    expected: [AccountRefused],
  },
  async ({ current, password }, { user }) => {
    const { sql } = await getDb();
    const reservation = await reserveSignIn(sql, user.email, await clientAddress());
    if (!reservation.ok) return reservation;
    const changed = await changeOwnPassword(sql, user.id, current, password);
    await settleSignIn(sql, reservation, changed);
    if (!changed) return { ok: false, error: "Current password: that is not your current password." };
    await startSession(user.id);
    return { ok: true };
  },
);

/** Ends every session of the caller, this browser's included. */
export const signOutEverywhere = action({ role: "user", beforeNewPassword: true }, async (_input, { user }) => {
  const { sql } = await getDb();
  await endAllSessions(sql, user.id);
  (await cookies()).delete(SESSION_COOKIE);
  return { ok: true };
});
