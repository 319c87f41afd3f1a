import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { createImport, findStagingImport, importsStartedSince } from "@/lib/server/imports/lifecycle";
import { listImports } from "@/lib/server/imports/queries";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { hashPassword, verifyPassword } from "./password";
import { createSession, endSession, userForSession } from "./sessions";
import { UserExists, checkCredentials, createUser, ensureFirstAdmin, setPassword } from "./users";

let database: Database;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
});
afterAll(() => dispose());

describe("passwords", () => {
  it("are stored as salted scrypt hashes that only the same password matches", async () => {
    const first = await hashPassword("a long passphrase");
    const second = await hashPassword("a long passphrase");
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword("a long passphrase", first)).toBe(true);
    expect(await verifyPassword("a long passphrasE", first)).toBe(false);
    expect(await verifyPassword("a long passphrase", "plain text")).toBe(false);
  });
});

describe("accounts and sessions", () => {
  it("makes the first admin once, from the configuration or with a random password", async () => {
    const first = await ensureFirstAdmin(database.sql, {});
    expect(first).toMatchObject({ created: true, email: "admin@backfill.local" });
    const password = first.created ? first.password! : "";
    expect(password.length).toBeGreaterThanOrEqual(16);
    // A printed password is one to replace at the first sign-in.
    expect(await checkCredentials(database.sql, "ADMIN@backfill.local", password)).toMatchObject({ email: "admin@backfill.local", role: "admin", mustChangePassword: true });
    expect(await ensureFirstAdmin(database.sql, { email: "other@example.com", password: "another password" })).toEqual({ created: false });
  });

  it("keeps one account per address, whatever its case, and refuses short passwords", async () => {
    await createUser(database.sql, { email: "Member@Example.com", password: "member password", role: "member" });
    await expect(createUser(database.sql, { email: "member@example.com", password: "member password", role: "member" })).rejects.toThrow(UserExists);
    await expect(createUser(database.sql, { email: "short@example.com", password: "short", role: "member" })).rejects.toThrow("at least 12 characters");
    expect(await checkCredentials(database.sql, "member@example.com", "wrong password")).toBeNull();
    expect(await checkCredentials(database.sql, "nobody@example.com", "member password")).toBeNull();
  });

  it("knows a session by its token only, until it ends or the password changes", async () => {
    const user = (await checkCredentials(database.sql, "member@example.com", "member password"))!;
    const { token } = await createSession(database.sql, user.id, 14);
    expect(await userForSession(database.sql, token)).toEqual(user);
    expect(await userForSession(database.sql, `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(await userForSession(database.sql, undefined)).toBeNull();
    const [stored] = await database.sql.query<{ token_hash: string }>(`SELECT token_hash FROM sessions WHERE user_id = $1`, [user.id]);
    expect(stored.token_hash).not.toContain(token);
    await endSession(database.sql, token);
    expect(await userForSession(database.sql, token)).toBeNull();

    const again = await createSession(database.sql, user.id, 14);
    await setPassword(database.sql, "member@example.com", "a new password here");
    expect(await userForSession(database.sql, again.token)).toBeNull();
  });

  it("does not know an expired session", async () => {
    const user = (await checkCredentials(database.sql, "member@example.com", "a new password here"))!;
    const { token } = await createSession(database.sql, user.id, 1);
    await database.sql.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    expect(await userForSession(database.sql, token)).toBeNull();
  });
});

describe("imports belong to whoever started them", () => {
  it("lets only the creator stage rows, lists a member's own imports, and counts their starts", async () => {
    const ann = await createUser(database.sql, { email: "ann@example.com", password: "ann's password", role: "member" });
    const bob = await createUser(database.sql, { email: "bob@example.com", password: "bob's password", role: "member" });
    const input = { fileName: "ann.csv", columns: { email: "email", event_name: "event_name", time: "time", params: [] }, timeZone: "UTC", triggerCampaigns: false };
    const { importId, token } = await createImport(database.sql, { ...input, notifyEmail: ann.email, destination: "builtin", createdBy: ann.id });
    expect(await findStagingImport(database.sql, importId, token, ann.id)).toMatchObject({ id: importId });
    expect(await findStagingImport(database.sql, importId, token, bob.id)).toBeNull();
    expect(await findStagingImport(database.sql, importId, token, null)).toBeNull();
    expect((await listImports(database.sql, bob.id)).map((view) => view.id)).not.toContain(importId);
    expect((await listImports(database.sql, ann.id)).map((view) => view.id)).toEqual([importId]);
    expect((await listImports(database.sql, null)).map((view) => view.id)).toContain(importId);
    expect(await importsStartedSince(database.sql, ann.id, new Date(Date.now() - 3_600_000))).toBe(1);
    expect(await importsStartedSince(database.sql, bob.id, new Date(Date.now() - 3_600_000))).toBe(0);
  });
});
