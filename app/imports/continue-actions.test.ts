import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { packRowsText, type StagedRowInput } from "@/lib/contract/staged-rows";
import { forgetEnv } from "@/lib/env";
import { createSession } from "@/lib/server/auth/sessions";
import { createUser, type User } from "@/lib/server/auth/users";
import type { Database } from "@/lib/server/db/client";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { commitImport, createImport, stageRows } from "./actions";
import { continueUpload, findUnfinishedUpload } from "./continue-actions";
import { discardImport } from "./discard-action";

// The request the actions see: its Origin and its session cookie. Everything behind them is real.
const request = vi.hoisted(() => ({ session: null as string | null }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }),
  cookies: async () => ({
    get: (name: string) => (name === "backfill_session" && request.session ? { name, value: request.session } : undefined),
  }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let database: Database;
let dispose: () => Promise<void>;
let ann: User;
let bob: User;
const sessions: Record<string, string> = {};
const as = (user: User) => (request.session = sessions[user.id]);

const headers = ["email", "event_name", "time", "plan"];
const choices = { email: 0, event_name: 1, time: 2, params: [3], json: [], eventName: null, dateOrder: "DMY" as const, timeZone: "Europe/Kyiv" };
const call = (fingerprint: string) => ({
  fileName: "signups.csv", columns: { email: "email", event_name: "event_name", time: "time", params: ["plan"] },
  timeZone: "Europe/Kyiv", dateOrder: "DMY" as const, eventName: null, jsonParams: [], triggerCampaigns: true,
  fileBytes: 1_000, rows: 6, fingerprint, remember: { headers, choices }, destination: "builtin" as const,
});
const rows = (from: number, count: number): StagedRowInput[] => Array.from({ length: count }, (_, i) => ({
  row: from + i, email: `u${from + i}@example.com`, event_name: "signup", time: "03/02/2021 10:00", params: { plan: "pro" },
}));
const stagedCount = async (importId: string) =>
  (await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM staged_rows WHERE import_id = $1`, [importId]))[0].n;

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  process.env.APP_URL = "http://127.0.0.1:3000";
  forgetEnv();
  ann = await createUser(database.sql, { email: "ann.continue@example.com", password: "ann's password", role: "member" });
  bob = await createUser(database.sql, { email: "bob.continue@example.com", password: "bob's password", role: "admin" });
  for (const user of [ann, bob]) sessions[user.id] = (await createSession(database.sql, user.id, 1)).token;
});
afterAll(async () => {
  delete process.env.APP_URL;
  forgetEnv();
  await dispose();
});

describe("a stopped upload", () => {
  it("is found again by its creator from the same file, and continued with a new token, each row staged once", async () => {
    as(ann);
    const fingerprint = "00000000000000aa-1000";
    const created = await createImport(call(fingerprint));
    if (!created.ok) throw new Error(created.error);
    const { importId, token } = created;
    // Calls 0 and 2 arrived; call 1 was on its way when the tab closed.
    expect(await stageRows({ importId, token, seq: 0, rows: packRowsText(rows(2, 2)) })).toMatchObject({ ok: true });
    expect(await stageRows({ importId, token, seq: 2, rows: packRowsText(rows(6, 2)) })).toMatchObject({ ok: true });

    expect(await findUnfinishedUpload({ fingerprint: "00000000000000bb-1000" })).toEqual({ ok: true, upload: null });
    expect(await findUnfinishedUpload({ fingerprint })).toEqual({
      ok: true, upload: { importId, fileName: "signups.csv", startedAt: expect.any(String), staged: 4, rows: 6 },
    });
    as(bob);
    // Not even an admin continues another's upload: the file and the tab were Ann's.
    expect(await findUnfinishedUpload({ fingerprint })).toEqual({ ok: true, upload: null });
    expect(await continueUpload({ importId, fingerprint })).toMatchObject({ ok: false });

    as(ann);
    expect(await continueUpload({ importId, fingerprint: "00000000000000bb-1000" })).toMatchObject({ ok: false, error: expect.stringContaining("can no longer be continued") });
    const continued = await continueUpload({ importId, fingerprint });
    if (!continued.ok) throw new Error(continued.error);
    expect(continued.upload).toMatchObject({
      stagedSeqs: [0, 2], mapChoices: choices, timeZone: "Europe/Kyiv", dateOrder: "DMY", triggerCampaigns: true,
      columns: { email: "email", time: "time", params: ["plan"] },
    });
    // The closed tab's token sends nothing more; the new one sends the missing call, and a repeat changes nothing.
    expect(await stageRows({ importId, token, seq: 1, rows: packRowsText(rows(4, 2)) })).toMatchObject({ ok: false });
    const next = continued.upload.token;
    expect(next).not.toBe(token);
    expect(await stageRows({ importId, token: next, seq: 1, rows: packRowsText(rows(4, 2)) })).toMatchObject({ ok: true });
    expect(await stageRows({ importId, token: next, seq: 2, rows: packRowsText(rows(6, 2)) })).toMatchObject({ ok: true });
    expect(await commitImport({ importId, token: next })).toEqual({ ok: true, total: 6 });
    expect(await stagedCount(importId)).toBe(6);
    expect(await findUnfinishedUpload({ fingerprint })).toEqual({ ok: true, upload: null });
    expect(await continueUpload({ importId, fingerprint })).toMatchObject({ ok: false });
  });

  it("is no longer offered once discarded", async () => {
    as(ann);
    const fingerprint = "00000000000000cc-1000";
    const created = await createImport(call(fingerprint));
    if (!created.ok) throw new Error(created.error);
    expect((await findUnfinishedUpload({ fingerprint })) as unknown).toMatchObject({ upload: { importId: created.importId, staged: 0 } });
    expect(await discardImport({ importId: created.importId })).toEqual({ ok: true });
    expect(await findUnfinishedUpload({ fingerprint })).toEqual({ ok: true, upload: null });
  });

  it("refuses what is not a fingerprint", async () => {
    as(ann);
    expect(await findUnfinishedUpload({ fingerprint: "../../etc" })).toMatchObject({ ok: false });
    expect(await createImport(call("not-one"))).toMatchObject({ ok: false });
  });
});
