import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stampClientAddresses } from "@/lib/server/auth/client-address";
import { createUser } from "@/lib/server/auth/users";
import type { Database } from "@/lib/server/db/client";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { signIn } from "./actions";

// The request the action sees (its Origin, the client's address as stamped on arrival) and the
// cookies it sets. Everything behind them is real.
const request = vi.hoisted(() => ({
  origin: "http://127.0.0.1:3000" as string | null,
  client: "192.0.2.1",
  set: [] as { name: string; value: string; options: Record<string, unknown> }[],
}));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "127.0.0.1:3000", "x-backfill-client": request.client, ...(request.origin ? { origin: request.origin } : {}) }),
  cookies: async () => ({
    get: () => undefined,
    set: (name: string, value: string, options: Record<string, unknown>) => request.set.push({ name, value, options }),
    delete: () => undefined,
  }),
}));

let database: Database;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  stampClientAddresses(0);
  for (const name of ["ann", "cat", "dan"]) await createUser(database.sql, { email: `${name}@example.com`, password: "the right password", role: "member" });
});
afterAll(() => dispose());

describe("signing in", () => {
  it("sets an HttpOnly, SameSite session cookie for the right password, and nothing for a wrong one", async () => {
    expect(await signIn({ email: "ann@example.com", password: "a wrong password" })).toEqual({
      ok: false, error: "That email and password do not match an account.",
    });
    expect(request.set).toEqual([]);
    expect(await signIn({ email: " ANN@example.com ", password: "the right password" })).toEqual({ ok: true });
    expect(request.set).toHaveLength(1);
    expect(request.set[0]).toMatchObject({ name: "backfill_session", options: { httpOnly: true, sameSite: "lax", path: "/", secure: false } });
    expect(request.set[0].value).toMatch(/^[\w-]{43}$/);
  });

  it("refuses a request from elsewhere before looking at the password", async () => {
    request.origin = null;
    expect(await signIn({ email: "ann@example.com", password: "the right password" })).toEqual({
      ok: false, error: "This request did not come from Backfill's own pages, so it was refused.",
    });
    request.origin = "http://127.0.0.1:3000";
  });

  it("stops checking one client's guesses at an address after ten, and only slows the others down", async () => {
    request.client = "192.0.2.10";
    for (let i = 0; i < 10; i++) {
      expect(await signIn({ email: "cat@example.com", password: `guess ${i}` })).toMatchObject({ error: "That email and password do not match an account." });
    }
    const locked = { ok: false, error: "Too many failed sign-ins for this address: try again in 15 minutes." };
    expect(await signIn({ email: "cat@example.com", password: "guess 11" })).toEqual(locked);
    expect(await signIn({ email: "cat@example.com", password: "the right password" })).toEqual(locked);

    // Cat, elsewhere, is not shut out: she waits the half minute the address now takes between tries.
    request.client = "198.51.100.7";
    expect(await signIn({ email: "cat@example.com", password: "the right password" })).toEqual({
      ok: false, error: "Sign-ins for this address are slowed down after many failures: try again in 30 seconds.",
    });
    await database.sql.query(`UPDATE sign_in_limits SET not_before = now() - interval '1 second' WHERE key = 'account:cat@example.com'`);
    expect(await signIn({ email: "cat@example.com", password: "the right password" })).toEqual({ ok: true });

    // Fifteen minutes later the first client may try again.
    request.client = "192.0.2.10";
    await database.sql.query(`UPDATE sign_in_limits SET window_start = window_start - interval '16 minutes', not_before = NULL`);
    expect(await signIn({ email: "cat@example.com", password: "the right password" })).toEqual({ ok: true });
  });

  it("checks no more than ten of forty guesses sent at once, the right one among them", async () => {
    request.client = "192.0.2.20";
    const guesses = Array.from({ length: 40 }, (_, i) => (i === 39 ? "the right password" : `parallel guess ${i}`));
    const results = await Promise.all(guesses.map((password) => signIn({ email: "dan@example.com", password })));
    expect(results.filter((result) => !result.ok && result.error.startsWith("That email and password"))).toHaveLength(10);
    expect(results.filter((result) => !result.ok && result.error.startsWith("Too many failed sign-ins"))).toHaveLength(30);
  });
});
