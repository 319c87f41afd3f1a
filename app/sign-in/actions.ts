"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { env, isLoopback } from "@/lib/env";
import { WRONG_ORIGIN, fromOwnOrigin } from "@/lib/server/auth/current";
import { SESSION_COOKIE, createSession, endSession } from "@/lib/server/auth/sessions";
import { SIGN_IN_WINDOW_MINUTES, clearFailedSignIns, recordFailedSignIn, signInLocked } from "@/lib/server/auth/throttle";
import { checkCredentials } from "@/lib/server/auth/users";
import { getDb } from "@/lib/server/db/client";

const signInSchema = z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(200) });

export type SignInResult = { ok: true } | { ok: false; error: string };

/** Secure cookies everywhere but this machine's loopback, where the app may run on plain http. */
function secureCookies(): boolean {
  return !isLoopback(new URL(env().APP_URL).hostname);
}

export async function signIn(input: unknown): Promise<SignInResult> {
  if (!(await fromOwnOrigin())) return { ok: false, error: WRONG_ORIGIN };
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Enter your email and password." };
  const { sql } = await getDb();
  const { email, password } = parsed.data;
  if (await signInLocked(sql, email)) {
    return { ok: false, error: `Too many failed sign-ins for this address: try again in ${SIGN_IN_WINDOW_MINUTES} minutes.` };
  }
  const user = await checkCredentials(sql, email, password);
  if (!user) {
    await recordFailedSignIn(sql, email);
    return { ok: false, error: "That email and password do not match an account." };
  }
  await clearFailedSignIns(sql, email);
  const session = await createSession(sql, user.id, env().SESSION_DAYS);
  (await cookies()).set(SESSION_COOKIE, session.token, {
    httpOnly: true,
    secure: secureCookies(),
    sameSite: "lax",
    path: "/",
    expires: session.expiresAt,
  });
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
