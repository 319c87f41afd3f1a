"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { signInSchema } from "@/lib/contract/accounts";
import { action } from "@/lib/server/action";
import { clientAddress } from "@/lib/server/auth/client-address";
import { HashesBusy } from "@/lib/server/auth/hash-slots";
import { startSession } from "@/lib/server/auth/session-cookie";
import { SESSION_COOKIE, endSession } from "@/lib/server/auth/sessions";
import { reserveSignIn, settleSignIn } from "@/lib/server/auth/throttle";
import { checkCredentials, type SessionUser } from "@/lib/server/auth/users";
import { getDb } from "@/lib/server/db/client";

/**
 * The attempt is counted (or refused) before the password is hashed, so that guesses sent at once
 * are held to the limits as well as guesses sent one by one (lib/server/auth/throttle.ts).
 */
export const signIn = action({ role: "none", input: signInSchema, invalid: "Enter your email and password." }, async ({ email, password }) => {
  const { sql } = await getDb();
  const reservation = await reserveSignIn(sql, email, await clientAddress());
  if (!reservation.ok) return reservation;
  let user: SessionUser | null;
  try {
    user = await checkCredentials(sql, email, password);
  } catch (error) {
    if (!(error instanceof HashesBusy)) throw error;
    // Not checked, so not held against anyone.
    await settleSignIn(sql, reservation, true);
    return { ok: false, error: error.message };
  }
  await settleSignIn(sql, reservation, user !== null);
  if (!user) return { ok: false, error: "That email and password do not match an account." };
  await startSession(user.id);
  return { ok: true };
});

const endThisSession = action({ role: "none" }, async () => {
  const jar = await cookies();
  const { sql } = await getDb();
  await endSession(sql, jar.get(SESSION_COOKIE)?.value);
  jar.delete(SESSION_COOKIE);
  return { ok: true };
});

/** The header's Sign out button, a plain form: this browser's session ends, and the sign-in page follows. */
export async function signOutAndLeave(): Promise<void> {
  await endThisSession();
  redirect("/sign-in");
}
