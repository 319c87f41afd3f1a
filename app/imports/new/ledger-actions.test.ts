import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { forgetEnv } from "@/lib/env";
import { createSession } from "@/lib/server/auth/sessions";
import { createUser } from "@/lib/server/auth/users";
import type { Database } from "@/lib/server/db/client";
import { identityOf } from "@/lib/server/destinations/configured";
import { BUILTIN_IDENTITY } from "@/lib/server/destinations/identity";
import { createTestImport, recordDelivered } from "@/lib/server/testing/imports";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { findAlreadyDelivered } from "./ledger-actions";

// The request the action sees: its Origin and its session cookie. Everything behind them is real.
const request = vi.hoisted(() => ({ origin: "http://127.0.0.1:3000" as string | null, session: null as string | null }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "127.0.0.1:3000", ...(request.origin ? { origin: request.origin } : {}) }),
  cookies: async () => ({
    get: (name: string) => (name === "backfill_session" && request.session ? { name, value: request.session } : undefined),
  }),
}));

let database: Database;
let dispose: () => Promise<void>;
const key = (n: number) => n.toString(16).padStart(32, "0");

beforeAll(async () => {
  process.env.APP_URL = "http://127.0.0.1:3000";
  forgetEnv();
  ({ database, dispose } = await openTestDb());
  const ann = await createUser(database.sql, { email: "ann@example.com", password: "ann's password", role: "member" });
  request.session = (await createSession(database.sql, ann.id, 1)).token;
  const id = await createTestImport(database.sql, { fileName: "first.csv" });
  await recordDelivered(database.sql, BUILTIN_IDENTITY, id, [key(2), key(5)]);
  await recordDelivered(database.sql, "yespo https://yespo.io/api 0123456789abcdef", id, [key(3)]);
  // An event of the built-in store whose moment key a later row shares, with other values.
  await database.sql.query(
    `INSERT INTO events (dedup_key, email, event_name, occurred_at, params, import_id, moment_key)
     VALUES ($1, 'ann@example.com', 'order', now(), '{"city":"NYC"}', $2, $3)`,
    [key(7), id, key(70)],
  );
});
afterAll(() => dispose());

describe("findAlreadyDelivered", () => {
  it("answers from the chosen destination's ledger with the positions of the keys it holds", async () => {
    expect(await findAlreadyDelivered({ keys: [key(1), key(2), key(3), key(5)], destination: "builtin" })).toEqual({ ok: true, found: [1, 3], changed: [] });
  });

  it("answers from the ledger of the destination the wizard chose, when it is not the default", async () => {
    Object.assign(process.env, { YESPO_API_KEY: "ledger-test-yespo-key", YESPO_TIME_ZONE: "Europe/Kyiv" });
    forgetEnv();
    try {
      const id = await createTestImport(database.sql, { fileName: "to-yespo.csv", destination: "yespo" });
      await recordDelivered(database.sql, identityOf("yespo"), id, [key(9)]);
      expect(await findAlreadyDelivered({ keys: [key(2), key(9)], destination: "yespo" })).toEqual({ ok: true, found: [1], changed: [] });
      expect(await findAlreadyDelivered({ keys: [key(2), key(9)], destination: "builtin" })).toEqual({ ok: true, found: [0], changed: [] });
    } finally {
      delete process.env.YESPO_API_KEY;
      delete process.env.YESPO_TIME_ZONE;
      forgetEnv();
    }
  });

  it("asks only about a configured destination, by its name", async () => {
    expect(await findAlreadyDelivered({ keys: [key(3)], destination: "yespo" })).toEqual({ ok: false, error: 'The destination "yespo" is not configured here.' });
    expect(await findAlreadyDelivered({ keys: [key(3)] })).toMatchObject({ ok: false });
  });

  it("finds by their moment keys the events delivered at the same moment with other values, with what they held", async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(await findAlreadyDelivered({ keys: [key(8), key(2), key(7)], moments: [key(70), key(71), key(70)], destination: "builtin" })).toEqual({
      ok: true, found: [1, 2], changed: [{ index: 0, earlier: { city: "NYC" }, when: today }],
    });
    expect(await findAlreadyDelivered({ keys: [key(8), key(2)], moments: [key(70)], destination: "builtin" })).toMatchObject({ ok: false });
  });

  it("refuses a caller who is not signed in, or not on our pages, and keys that are not dedup keys", async () => {
    const session = request.session;
    request.session = null;
    expect(await findAlreadyDelivered({ keys: [key(2)], destination: "builtin" })).toMatchObject({ ok: false, error: expect.stringContaining("not signed in") });
    request.session = session;
    request.origin = "https://evil.example";
    expect(await findAlreadyDelivered({ keys: [key(2)], destination: "builtin" })).toMatchObject({ ok: false });
    request.origin = "http://127.0.0.1:3000";
    expect(await findAlreadyDelivered({ keys: ["' OR 1=1 --"], destination: "builtin" })).toMatchObject({ ok: false, error: expect.stringContaining("dedup keys") });
    expect(await findAlreadyDelivered({ keys: Array.from({ length: 5_001 }, (_, i) => key(i)), destination: "builtin" })).toMatchObject({ ok: false });
  });
});
