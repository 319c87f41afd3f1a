import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { forgetEnv } from "@/lib/env";
import { SESSION_COOKIE, createSession } from "@/lib/server/auth/sessions";
import { createUser, type User } from "@/lib/server/auth/users";
import type { Database } from "@/lib/server/db/client";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { packRows, packRowsText } from "@/lib/contract/staged-rows";
import { throughActionTransport } from "@/lib/testing/action-transport";
import { commitImport, createImport, stageRows } from "./actions";
import { discardImport, discardUpload } from "./discard-action";

// The request the actions see: its Origin and its session cookie. Everything behind them is real.
const request = vi.hoisted(() => ({ origin: null as string | null, session: null as string | null }));
// Outside Next.js there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
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

const details = {
  fileName: "events.csv",
  destination: "builtin",
  columns: { email: "email", event_name: "event_name", time: "time", params: [] },
  timeZone: "UTC",
  triggerCampaigns: false,
  fileBytes: 1_000,
  rows: 2,
};
const row = (n: number) => ({ row: n, email: `u${n}@example.com`, event_name: "signup", time: "2024-01-01", params: {} });

function as(user: User | null, origin: string | null = "http://127.0.0.1:3000") {
  request.session = user ? sessions[user.id] : null;
  request.origin = origin;
}

function configure(values: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  forgetEnv();
}

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  ann = await createUser(database.sql, { email: "ann@example.com", password: "ann's password", role: "member" });
  bob = await createUser(database.sql, { email: "bob@example.com", password: "bob's password", role: "member" });
  for (const user of [ann, bob]) sessions[user.id] = (await createSession(database.sql, user.id, 1)).token;
  expect(SESSION_COOKIE).toBe("backfill_session");
});
afterAll(async () => {
  configure({ MAX_FILE_BYTES: undefined, MAX_ROWS_PER_IMPORT: undefined, IMPORTS_PER_HOUR: undefined, APP_URL: undefined });
  await dispose();
});
beforeEach(() => {
  configure({ MAX_FILE_BYTES: undefined, MAX_ROWS_PER_IMPORT: undefined, IMPORTS_PER_HOUR: undefined, APP_URL: "http://127.0.0.1:3000" });
  as(ann);
});

describe("the import actions", () => {
  it("refuse a caller without a session, and a request without our Origin", async () => {
    as(null);
    expect(await createImport(details)).toEqual({ ok: false, error: "You are not signed in, or your session has ended: sign in again." });
    for (const origin of [null, "null", "http://evil.example", "not a url"]) {
      as(ann, origin);
      expect(await createImport(details)).toEqual({ ok: false, error: "This request did not come from Backfill's own pages, so it was refused." });
    }
    const [{ n }] = await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM imports`);
    expect(n).toBe(0);
  });

  it("send the report to the signed-in user, never to an address from the browser", async () => {
    const created = await createImport({ ...details, notifyEmail: "somebody@else.example" });
    expect(created.ok).toBe(true);
    const [stored] = await database.sql.query<{ notify_email: string; created_by: string }>(
      `SELECT notify_email, created_by FROM imports WHERE id = $1`, [created.ok ? created.importId : ""]);
    expect(stored).toEqual({ notify_email: "ann@example.com", created_by: ann.id });
  });

  it("record the configured destination the wizard chose, default or not, and refuse one that is not configured", async () => {
    Object.assign(process.env, { WEBHOOK_URL: "http://127.0.0.1:9/hooks", WEBHOOK_SECRET: "a-webhook-secret-of-some-length" });
    forgetEnv();
    try {
      const created = await createImport({ ...details, destination: "webhook" });
      if (!created.ok) throw new Error(created.error);
      const [stored] = await database.sql.query<{ destination: string }>(`SELECT destination FROM imports WHERE id = $1`, [created.importId]);
      expect(stored.destination).toBe("webhook");
      expect(await createImport({ ...details, destination: "yespo" })).toEqual({
        ok: false, error: 'The destination "yespo" is not configured here: imports can go to Built-in event store, Webhook.',
      });
    } finally {
      delete process.env.WEBHOOK_URL;
      delete process.env.WEBHOOK_SECRET;
      forgetEnv();
    }
  });

  it("let nobody but the creator send rows or commit, even with the import's token", async () => {
    const created = await createImport(details);
    if (!created.ok) throw new Error(created.error);
    const call = { importId: created.importId, token: created.token };
    as(bob);
    const refused = { ok: false, error: "This import does not exist, is not yours, or no longer takes rows." };
    expect(await stageRows({ ...call, seq: 0, rows: packRowsText([row(2)]) })).toEqual(refused);
    expect(await commitImport(call)).toEqual(refused);
    as(ann);
    expect(await stageRows({ ...call, seq: 0, rows: packRowsText([row(2), row(3)]) })).toEqual({ ok: true, staged: 2, rejected: 0 });
    expect(await commitImport(call)).toEqual({ ok: true, total: 2 });
  });

  it("refuse past each limit, saying which and its value", async () => {
    configure({ MAX_FILE_BYTES: "1000", MAX_ROWS_PER_IMPORT: "600", IMPORTS_PER_HOUR: "5" });
    expect(await createImport({ ...details, fileBytes: 1_001 })).toEqual({
      ok: false, error: "The file is larger than 1,000 bytes, the limit MAX_FILE_BYTES sets.",
    });
    expect(await createImport({ ...details, rows: 601 })).toEqual({
      ok: false, error: "The file has more than 600 rows, the limit MAX_ROWS_PER_IMPORT sets for one import. Split it.",
    });
    const created = await createImport(details);
    if (!created.ok) throw new Error(created.error);
    const call = { importId: created.importId, token: created.token };
    const tooMany = await stageRows({ ...call, seq: 0, rows: packRowsText(Array.from({ length: 5_001 }, (_, i) => row(i + 2))) });
    expect(tooMany).toEqual({ ok: false, error: "The request was not valid (rows.rows: A call carries at most 5,000 rows.)." });
    expect(await stageRows({ ...call, seq: 0, rows: packRowsText(Array.from({ length: 601 }, (_, i) => row(i + 2))) })).toEqual({
      ok: false, error: "This import would pass 600 rows, the limit MAX_ROWS_PER_IMPORT sets for one import.",
    });
    // Ann has started 4 imports in this file so far; the 5th is the last of the hour.
    expect((await createImport(details)).ok).toBe(true);
    expect(await createImport(details)).toEqual({
      ok: false, error: "You have started 5 imports in the last hour, the limit IMPORTS_PER_HOUR sets. Try again later.",
    });
    as(bob);
    expect((await createImport(details)).ok).toBe(true);
  });

  it("stage a column named __proto__, constructor or toString with its values, as React's transport carries the call", async () => {
    const created = await createImport({ ...details, columns: { ...details.columns, params: ["__proto__", "constructor", "toString"] } });
    if (!created.ok) throw new Error(created.error);
    const params = JSON.parse('{"__proto__":"p","constructor":"c","toString":"t"}') as Record<string, string>;
    const sent = { importId: created.importId, token: created.token, seq: 0, rows: packRowsText([{ ...row(2), params }, row(3)]) };
    const [received] = await throughActionTransport([sent]);
    expect(await stageRows(received)).toEqual({ ok: true, staged: 2, rejected: 0 });
    const stored = await database.sql.query<{ row_number: number; params: Record<string, string> }>(
      `SELECT row_number, params FROM staged_rows WHERE import_id = $1 ORDER BY row_number`, [created.importId]);
    expect(stored.map((one) => [one.row_number, Object.entries(one.params).sort()])).toEqual([
      [2, [["__proto__", "p"], ["constructor", "c"], ["toString", "t"]]],
      [3, []],
    ]);
  });

  it("let the owner discard a half-sent import, and nobody else; never one that is committed", async () => {
    const created = await createImport(details);
    if (!created.ok) throw new Error(created.error);
    const call = { importId: created.importId, token: created.token };
    expect((await stageRows({ ...call, seq: 0, rows: packRowsText([row(2)]) })).ok).toBe(true);
    as(bob);
    expect(await discardImport({ importId: call.importId })).toEqual({ ok: false, error: "This import does not exist, or is not yours." });
    expect(await discardUpload(call)).toEqual({ ok: false, error: "This import does not exist, is not yours, or no longer takes rows." });
    as(ann);
    expect(await discardImport({ importId: call.importId })).toEqual({ ok: true });
    const left = await database.sql.query(`SELECT 1 FROM staged_rows WHERE import_id = $1 UNION ALL SELECT 1 FROM imports WHERE id = $1`, [call.importId]);
    expect(left).toEqual([]);

    const sent = await createImport(details);
    if (!sent.ok) throw new Error(sent.error);
    expect((await stageRows({ importId: sent.importId, token: sent.token, seq: 0, rows: packRowsText([row(2)]) })).ok).toBe(true);
    expect((await commitImport({ importId: sent.importId, token: sent.token })).ok).toBe(true);
    expect(await discardImport({ importId: sent.importId })).toEqual({
      ok: false, error: "This import can no longer be discarded: all its rows arrived, and it is sent or being sent.",
    });
    expect(await discardUpload({ importId: sent.importId, token: sent.token })).toEqual({
      ok: false, error: "This import does not exist, is not yours, or no longer takes rows.",
    });
  });

  it("refuse a call whose columns do not line up", async () => {
    const created = await createImport(details);
    if (!created.ok) throw new Error(created.error);
    const rows = JSON.stringify({ ...packRows([row(2), row(3)]), email: ["u2@example.com"] });
    expect(await stageRows({ importId: created.importId, token: created.token, seq: 0, rows })).toEqual({
      ok: false, error: "The request was not valid (rows: Every column of a call has one value per row.).",
    });
    expect(await stageRows({ importId: created.importId, token: created.token, seq: 0, rows: packRowsText([row(2)]).slice(0, -1) })).toEqual({
      ok: false, error: "The request was not valid (rows: A call's rows are not JSON.).",
    });
    // The rows as objects, the form the text replaced, are refused too.
    expect((await stageRows({ importId: created.importId, token: created.token, seq: 0, rows: packRows([row(2)]) as never })).ok).toBe(false);
  });
});
