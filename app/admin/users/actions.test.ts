import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSession, userForSession } from "@/lib/server/auth/sessions";
import { checkCredentials, createUser } from "@/lib/server/auth/users";
import type { Database } from "@/lib/server/db/client";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { addUser, removeUser, resetPassword, setRole } from "./actions";

// The request the actions see: its Origin and the session cookie. Everything behind them is real.
const request = vi.hoisted(() => ({ origin: "http://127.0.0.1:3000" as string | null, token: undefined as string | undefined }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "127.0.0.1:3000", ...(request.origin ? { origin: request.origin } : {}) }),
  cookies: async () => ({ get: () => (request.token ? { value: request.token } : undefined), set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let database: Database;
let dispose: () => Promise<void>;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  for (const [name, role] of [["root", "admin"], ["ann", "member"], ["bob", "member"]] as const) {
    const user = await createUser(database.sql, { email: `${name}@example.com`, password: `${name}'s password 1`, role });
    ids[name] = user.id;
    tokens[name] = (await createSession(database.sql, user.id, 1)).token;
  }
});
afterAll(() => dispose());

const as = (name: string) => {
  request.token = tokens[name];
};

describe("managing accounts", () => {
  it("is for admins, signed in, on Backfill's own pages", async () => {
    as("ann");
    expect(await setRole({ userId: ids.bob, role: "admin" })).toEqual({ ok: false, error: "Only an admin can do that." });
    request.token = undefined;
    expect(await removeUser({ userId: ids.bob })).toMatchObject({ ok: false, error: expect.stringContaining("not signed in") });
    as("root");
    request.origin = "http://evil.example";
    expect(await resetPassword({ userId: ids.bob, password: "a new password 1" })).toMatchObject({ ok: false, error: expect.stringContaining("did not come from Backfill") });
    request.origin = "http://127.0.0.1:3000";
    expect(await resetPassword({ userId: "not-an-id", password: "a new password 1" })).toEqual({ ok: false, error: "userId: No such account." });
    expect(await resetPassword({ userId: ids.bob, password: "short" })).toEqual({ ok: false, error: "New password: A password has at least 12 characters." });
  });

  it("never leaves Backfill without an admin", async () => {
    as("root");
    expect(await setRole({ userId: ids.root, role: "member" })).toMatchObject({ ok: false, error: expect.stringContaining("only admin") });
    expect(await setRole({ userId: ids.ann, role: "admin" })).toEqual({ ok: true, message: "ann@example.com is now an admin." });
    expect(await setRole({ userId: ids.root, role: "member" })).toEqual({ ok: true, message: "root@example.com is now a member." });
    // Root is a member now; Ann, the one admin left, cannot be removed or demoted, and cannot remove herself.
    as("ann");
    expect(await setRole({ userId: ids.ann, role: "member" })).toMatchObject({ ok: false, error: expect.stringContaining("only admin") });
    expect(await removeUser({ userId: ids.ann })).toEqual({ ok: false, error: "You cannot remove your own account: ask another admin." });
    expect(await setRole({ userId: ids.root, role: "admin" })).toMatchObject({ ok: true });
  });

  it("resets a password: the old one and every session end, and a new one must be chosen", async () => {
    as("root");
    expect(await resetPassword({ userId: ids.bob, password: "chosen by root 1" })).toMatchObject({ ok: true });
    expect(await userForSession(database.sql, tokens.bob)).toBeNull();
    expect(await checkCredentials(database.sql, "bob@example.com", "bob's password 1")).toBeNull();
    expect(await checkCredentials(database.sql, "bob@example.com", "chosen by root 1")).toMatchObject({ mustChangePassword: true });
  });

  it("removes an account and its sessions; its imports stay", async () => {
    as("root");
    await addUser({ email: "gone@example.com", password: "gone's password 1", role: "member" });
    const gone = (await checkCredentials(database.sql, "gone@example.com", "gone's password 1"))!;
    const { token } = await createSession(database.sql, gone.id, 1);
    expect(await removeUser({ userId: gone.id })).toEqual({ ok: true, message: "Removed gone@example.com; their imports stay." });
    expect(await userForSession(database.sql, token)).toBeNull();
    expect(await removeUser({ userId: gone.id })).toMatchObject({ ok: false, error: expect.stringContaining("There is no account") });
  });
});
