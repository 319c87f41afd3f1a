import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser } from "@/lib/server/auth/users";
import type { Database } from "@/lib/server/db/client";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { signIn } from "./actions";

// The request the action sees (its Origin) and the cookies it sets. Everything behind them is real.
const request = vi.hoisted(() => ({ origin: "http://127.0.0.1:3000" as string | null, set: [] as { name: string; value: string; options: Record<string, unknown> }[] }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "127.0.0.1:3000", ...(request.origin ? { origin: request.origin } : {}) }),
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
  await createUser(database.sql, { email: "ann@example.com", password: "the right password", role: "member" });
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

  it("stops checking passwords for an address after ten failures in fifteen minutes", async () => {
    for (let i = 0; i < 10; i++) await signIn({ email: "ann@example.com", password: `guess ${i}` });
    const locked = { ok: false, error: "Too many failed sign-ins for this address: try again in 15 minutes." };
    expect(await signIn({ email: "ann@example.com", password: "guess 11" })).toEqual(locked);
    expect(await signIn({ email: "ann@example.com", password: "the right password" })).toEqual(locked);
    // Fifteen minutes later the address may try again, and a success starts the count afresh.
    await database.sql.query(`UPDATE sign_in_failures SET at = at - interval '16 minutes'`);
    expect(await signIn({ email: "ann@example.com", password: "the right password" })).toEqual({ ok: true });
    const [{ n }] = await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM sign_in_failures WHERE email = 'ann@example.com'`);
    expect(n).toBe(0);
  });
});
