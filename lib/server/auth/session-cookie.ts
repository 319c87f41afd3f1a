import "server-only";
import { cookies } from "next/headers";
import { env, isLoopback } from "@/lib/env";
import { getDb } from "@/lib/server/db/client";
import { SESSION_COOKIE, createSession } from "./sessions";

/** Secure cookies everywhere but this machine's loopback, where the app may run on plain http. */
function secureCookies(): boolean {
  return !isLoopback(new URL(env().APP_URL).hostname);
}

/** Starts a session for the user in this browser: the token in an HttpOnly cookie, its hash stored. */
export async function startSession(userId: string): Promise<void> {
  const { sql } = await getDb();
  const session = await createSession(sql, userId, env().SESSION_DAYS);
  (await cookies()).set(SESSION_COOKIE, session.token, {
    httpOnly: true,
    secure: secureCookies(),
    sameSite: "lax",
    path: "/",
    expires: session.expiresAt,
  });
}
