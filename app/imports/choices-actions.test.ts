import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { forgetEnv } from "@/lib/env";
import { createSession } from "@/lib/server/auth/sessions";
import { createUser, type User } from "@/lib/server/auth/users";
import type { Database } from "@/lib/server/db/client";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { packRowsText } from "@/lib/contract/staged-rows";
import { createImport, stageRows } from "./actions";
import { findRememberedChoices } from "./choices-actions";

// The request the actions see: its Origin and its session cookie. Everything behind them is real.
const request = vi.hoisted(() => ({ origin: null as string | null, session: null as string | null }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "127.0.0.1:3000", ...(request.origin ? { origin: request.origin } : {}) }),
  cookies: async () => ({
    get: (name: string) => (name === "backfill_session" && request.session ? { name, value: request.session } : undefined),
  }),
}));

let database: Database;
let dispose: () => Promise<void>;
let ann: User;
let bob: User;
const sessions: Record<string, string> = {};
const as = (user: User | null) => {
  request.session = user ? sessions[user.id] : null;
  request.origin = "http://127.0.0.1:3000";
};

const headers = ["Name", "Email", "Created at", "Total"];
const choices = { email: 1, event_name: -1, time: 2, params: [0, 3], eventName: "order", dateOrder: "MDY", timeZone: "America/New_York" };
const details = {
  fileName: "shopify-orders.csv",
  destination: "builtin",
  columns: { email: "Email", event_name: "event_name", time: "Created at", params: ["Name", "Total"] },
  timeZone: "America/New_York",
  dateOrder: "MDY",
  eventName: "order",
  triggerCampaigns: false,
  fileBytes: 1_000,
  rows: 2,
};

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  process.env.APP_URL = "http://127.0.0.1:3000";
  forgetEnv();
  ann = await createUser(database.sql, { email: "ann@example.com", password: "ann's password", role: "member" });
  bob = await createUser(database.sql, { email: "bob@example.com", password: "bob's password", role: "member" });
  for (const user of [ann, bob]) sessions[user.id] = (await createSession(database.sql, user.id, 1)).token;
});
afterAll(() => dispose());

describe("an import's choices", () => {
  it("are checked, stored, and used to check every row again on the server", async () => {
    as(ann);
    expect(await createImport({ ...details, dateOrder: "YDM" })).toMatchObject({ ok: false, error: expect.stringContaining("dateOrder") });
    expect(await createImport({ ...details, eventName: "a\u0007b" })).toMatchObject({ ok: false, error: expect.stringContaining("control character") });
    const created = await createImport(details);
    if (!created.ok) throw new Error(created.error);
    const rows = [
      { row: 2, email: "ann@example.com", event_name: "whatever the browser says", time: "1/15/2024 10:32 AM", params: {} },
      { row: 3, email: "bob@example.com", event_name: "order", time: "15/01/2024 10:32 AM", params: {} },
    ];
    expect(await stageRows({ importId: created.importId, token: created.token, seq: 0, rows: packRowsText(rows) })).toEqual({ ok: true, staged: 2, rejected: 1 });
    const stored = await database.sql.query<{ event_name: string; occurred_at: Date | null; reason: string | null }>(
      `SELECT event_name, occurred_at, reason FROM staged_rows WHERE import_id = $1 ORDER BY row_number`, [created.importId],
    );
    expect(stored.map((row) => row.event_name)).toEqual(["order", "order"]);
    expect(new Date(stored[0].occurred_at!).toISOString()).toBe("2024-01-15T15:32:00.000Z");
    expect(stored[1].reason).toBe("`15/01/2024` does not fit month/day/year, the order of the dates in this file: there is no month 15.");
  });

  it("are remembered for the whole workspace under the exact header when an import starts, with who made them", async () => {
    as(ann);
    expect(await findRememberedChoices({ headers })).toEqual({ ok: true, remembered: null });
    const created = await createImport({ ...details, remember: { headers, choices } });
    expect(created.ok).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    const found = await findRememberedChoices({ headers });
    expect(found).toEqual({ ok: true, remembered: { choices, fileName: "shopify-orders.csv", savedAt: today, savedBy: "ann@example.com" } });
    expect(await findRememberedChoices({ headers: [...headers, "Tags"] })).toEqual({ ok: true, remembered: null });
    expect(await findRememberedChoices({ headers: headers.map((h) => h.toLowerCase()) })).toEqual({ ok: true, remembered: null });
    // Another user opening the same file starts from the same choices: a re-import reads it alike.
    as(bob);
    expect(await findRememberedChoices({ headers })).toEqual(found);
    const inUtc = { ...choices, timeZone: "UTC" };
    expect((await createImport({ ...details, timeZone: "UTC", remember: { headers, choices: inUtc } })).ok).toBe(true);
    as(ann);
    expect(await findRememberedChoices({ headers })).toEqual({
      ok: true, remembered: { choices: inUtc, fileName: "shopify-orders.csv", savedAt: today, savedBy: "bob@example.com" },
    });
    as(null);
    expect(await findRememberedChoices({ headers })).toMatchObject({ ok: false });
    as(ann);
    expect(await findRememberedChoices({ headers: "Name,Email" })).toMatchObject({ ok: false, error: "The request was not valid (headers)." });
    expect(await createImport({ ...details, remember: { headers, choices: { ...choices, time: "2" } } })).toMatchObject({ ok: false });
  });
});
