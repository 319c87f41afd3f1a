"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { WRONG_ORIGIN, fromOwnOrigin } from "@/lib/server/auth/current";
import { startSession } from "@/lib/server/auth/session-cookie";
import { SESSION_COOKIE, endSession } from "@/lib/server/auth/sessions";
import { clientAddress } from "@/lib/server/auth/client-address";
import { HashesBusy } from "@/lib/server/auth/hash-slots";
import { reserveSignIn, settleSignIn } from "@/lib/server/auth/throttle";
import { checkCredentials, type SessionUser } from "@/lib/server/auth/users";
import { getDb } from "@/lib/server/db/client";

const signInSchema = z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(200) });

export type SignInResult = { ok: true } | { ok: false; error: string };

/**
 * The attempt is counted (or refused) before the password is hashed, so that guesses sent at once
 * are held to the limits as well as guesses sent one by one (lib/server/auth/throttle.ts).
 */
export async function signIn(input: unknown): Promise<SignInResult> {
  if (!(await fromOwnOrigin())) return { ok: false, error: WRONG_ORIGIN };
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Enter your email and password." };
  const { sql } = await getDb();
  const { email, password } = parsed.data;
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
}

export async function signOut(): Promise<void> {
  if (!(await fromOwnOrigin())) return;
  const jar = await cookies();
  const { sql } = await getDb();
  await endSession(sql, jar.get(SESSION_COOKIE)?.value);
  jar.delete(SESSION_COOKIE);
}

/** The header's Sign out button. */
export async function signOutAndLeave(): Promise<void> {
  await signOut();
  redirect("/sign-in");
}
