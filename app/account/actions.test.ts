import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stampClientAddresses } from "@/lib/server/auth/client-address";
import { createSession, userForSession } from "@/lib/server/auth/sessions";
import { checkCredentials, createUser, ensureFirstAdmin } from "@/lib/server/auth/users";
import type { Database } from "@/lib/server/db/client";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { addUser } from "@/app/admin/users/actions";
import { changePassword, signOutEverywhere } from "./actions";

// The request the actions see (Origin, client, session cookie) and the cookies they set. The rest is real.
const request = vi.hoisted(() => ({ token: undefined as string | undefined, set: [] as string[], deleted: [] as string[] }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000", "x-backfill-client": "192.0.2.1" }),
  cookies: async () => ({
    get: () => (request.token ? { value: request.token } : undefined),
    set: (_name: string, value: string) => request.set.push(value),
    delete: (name: string) => request.deleted.push(name),
  }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let database: Database;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  stampClientAddresses(0);
});
afterAll(() => dispose());

describe("one's own account", () => {
  it("the first admin's printed password opens only the password change, which ends every other session", async () => {
    const first = await ensureFirstAdmin(database.sql, {});
    const printed = first.created ? first.password! : "";
    const admin = (await checkCredentials(database.sql, "admin@backfill.local", printed))!;
    expect(admin.mustChangePassword).toBe(true);
    const elsewhere = await createSession(database.sql, admin.id, 1);
    request.token = (await createSession(database.sql, admin.id, 1)).token;

    expect(await addUser({ email: "x@example.com", password: "x's password 12", role: "member" })).toEqual({
      ok: false, error: "Choose a new password first (Account): yours was chosen by someone else.",
    });
    expect(await changePassword({ current: "not it", password: "my own password 1" })).toEqual({
      ok: false, error: "Current password: that is not your current password.",
    });
    expect(await changePassword({ current: printed, password: printed })).toEqual({ ok: false, error: "The new password must differ from the current one." });
    expect(await changePassword({ current: printed, password: "my own password 1" })).toEqual({ ok: true });

    expect(await userForSession(database.sql, elsewhere.token)).toBeNull();
    expect(await userForSession(database.sql, request.token)).toBeNull();
    // This browser goes on with the new session the action set.
    request.token = request.set.at(-1);
    expect(await userForSession(database.sql, request.token)).toMatchObject({ email: "admin@backfill.local", mustChangePassword: false });
    expect(await addUser({ email: "x@example.com", password: "x's password 12", role: "member" })).toEqual({ ok: true, email: "x@example.com" });
  });

  it("signs out everywhere", async () => {
    const user = await createUser(database.sql, { email: "roamer@example.com", password: "roamer password 1", role: "member" });
    const sessions = await Promise.all([1, 2, 3].map(() => createSession(database.sql, user.id, 1)));
    request.token = sessions[0].token;
    expect(await signOutEverywhere()).toEqual({ ok: true });
    for (const session of sessions) expect(await userForSession(database.sql, session.token)).toBeNull();
    expect(request.deleted).toContain("backfill_session");
    expect(await signOutEverywhere()).toMatchObject({ ok: false, error: expect.stringContaining("not signed in") });
  });
});
