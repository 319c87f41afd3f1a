import "server-only";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { env } from "@/lib/env";
import { FOREIGN_ORIGIN, allowedHosts, originHost } from "@/lib/request-guard";
import { getDb } from "@/lib/server/db/client";
import { SESSION_COOKIE, userForSession } from "./sessions";
import type { SessionUser, User } from "./users";

/** The signed-in user of this request, looked up once per request. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const { sql } = await getDb();
  return userForSession(sql, token);
});

/** Where someone whose password was chosen by another (printed, or reset by an admin) replaces it. */
export const CHOOSE_PASSWORD_PATH = "/account";

/**
 * For pages: the signed-in user, or the sign-in page that comes back here afterwards; someone who
 * must replace their password first is sent to do so.
 */
export async function pageUser(path: string): Promise<User> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  if (user.mustChangePassword) redirect(CHOOSE_PASSWORD_PATH);
  return user;
}

/** For admin pages: a member gets "not found", as for any page they have no business seeing. */
export async function pageAdmin(path: string): Promise<User> {
  const user = await pageUser(path);
  if (user.role !== "admin") notFound();
  return user;
}

/**
 * Whether a state-changing request comes from our own pages: its Origin must be present (not
 * missing, not "null") and be this app's (APP_URL, the Host it was sent to) or one of ALLOWED_ORIGINS.
 * The proxy refuses the others before anything runs (lib/request-guard.ts); this holds without it.
 */
export async function fromOwnOrigin(): Promise<boolean> {
  const request = await headers();
  const origin = originHost(request.get("origin"));
  const config = env();
  const host = request.get("host");
  return origin !== null && [...allowedHosts(config.APP_URL, config.ALLOWED_ORIGINS), host?.toLowerCase()].includes(origin);
}

export type Caller = { ok: true; user: User } | { ok: false; error: string };

export const NOT_SIGNED_IN = "You are not signed in, or your session has ended: sign in again.";
export const ADMINS_ONLY = "Only an admin can do that.";
export const CHOOSE_PASSWORD_FIRST = "Choose a new password first (Account): yours was chosen by someone else.";

/**
 * What every server action checks first: where the request comes from, then who sends it. Only
 * the password change itself (`beforeNewPassword`) is open to someone who must replace theirs.
 */
export async function actionCaller(role: "user" | "admin" = "user", options: { beforeNewPassword?: boolean } = {}): Promise<Caller> {
  if (!(await fromOwnOrigin())) return { ok: false, error: FOREIGN_ORIGIN };
  const user = await currentUser();
  if (!user) return { ok: false, error: NOT_SIGNED_IN };
  if (user.mustChangePassword && !options.beforeNewPassword) return { ok: false, error: CHOOSE_PASSWORD_FIRST };
  if (role === "admin" && user.role !== "admin") return { ok: false, error: ADMINS_ONLY };
  return { ok: true, user };
}

/** Whether the user may see an import: its creator, or an admin. */
export function mayRead(user: User, createdBy: string | null): boolean {
  return user.role === "admin" || createdBy === user.id;
}
