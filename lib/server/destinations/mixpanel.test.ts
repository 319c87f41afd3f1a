import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StagedRowInput } from "@/lib/contract/staged-rows";
import type { ParamValue } from "@/lib/events/json-params";
import { mixpanelInsertId } from "@/lib/events/mixpanel-event";
import type { Database } from "@/lib/server/db/client";
import { runImport } from "@/lib/server/imports/run-import";
import { numberedRows, stageTestImport } from "@/lib/server/testing/imports";
import { recordedRetries } from "@/lib/server/testing/retry";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { requestBudget } from "./request-budget";
import { startMixpanelContract } from "@/lib/testing/mixpanel-contract";
import { mixpanelDestination, type MixpanelConfig } from "./mixpanel";
import type { OutboundEvent } from "./types";

const TOKEN = "mp-project-token-0123456789";
let database: Database;
let dispose: () => Promise<void>;
let contract: Awaited<ReturnType<typeof startMixpanelContract>>;
const { waits, options } = recordedRetries();

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  contract = await startMixpanelContract(TOKEN);
});
afterAll(async () => {
  await contract.close();
  await dispose();
});

function config(overrides: Partial<MixpanelConfig> = {}): MixpanelConfig {
  return { baseUrl: contract.url, projectToken: TOKEN, ...overrides };
}

let nextRow = 1_000_000;
function event(params: Record<string, ParamValue> = {}, occurredMs = 1_700_000_000_123): OutboundEvent {
  const rowNumber = nextRow++;
  return { rowNumber, dedupKey: rowNumber.toString(16).padStart(32, "0"), email: `u${rowNumber}@example.com`, eventName: "purchase", occurredMs, params };
}

let imports = 0;
function importRows(rows: number, emailOf: (row: number) => string | undefined = () => undefined): StagedRowInput[] {
  const start = 1_600_000_000 + ++imports * 10_000_000;
  return numberedRows(rows, (row) => ({ row, email: emailOf(row) ?? `u${row}@example.com`, event_name: "signup", time: String(start + row), params: { n: String(row) } }));
}
const staged = (rows: StagedRowInput[], params = ["n"]) => stageTestImport(database.sql, rows, { fileName: "mixpanel.csv", destination: "mixpanel", params });
const rejectedRows = (id: string) => database.sql.query<{ row_number: number; reason: string }>(
  `SELECT row_number, reason FROM staged_rows WHERE import_id = $1 AND state = 'rejected' ORDER BY row_number`, [id]);

describe("mixpanelInsertId", () => {
  it("writes the dedup key as a UUID: 36 letters, digits and dashes, the same every time", () => {
    expect(mixpanelInsertId("0123456789abcdef0123456789abcdef")).toBe("01234567-89ab-cdef-0123-456789abcdef");
    expect(mixpanelInsertId("0123456789ABCDEF0123456789ABCDEF")).toBe("01234567-89ab-cdef-0123-456789abcdef");
  });
});

describe("the Mixpanel destination", () => {
  it("imports events as Mixpanel documents them, with the project token as Basic user name", async () => {
    const before = contract.requests.length;
    const first = event({ plan: "pro" });
    const result = await mixpanelDestination(config()).send([first], { importId: "m-1", triggerCampaigns: false });
    expect(result).toEqual({ kind: "done", outcomes: [{ rowNumber: first.rowNumber, state: "delivered" }] });
    expect(contract.requests.slice(before)).toEqual([{
      authorization: `Basic ${Buffer.from(`${TOKEN}:`).toString("base64")}`,
      bytes: expect.any(Number),
      events: [{ event: "purchase", properties: { plan: "pro", time: 1_700_000_000_123, distinct_id: first.email, $insert_id: mixpanelInsertId(first.dedupKey) } }],
    }]);
    expect(contract.violations).toEqual([]);
  });

  it("keeps each request under 2 MB", async () => {
    const before = contract.requests.length;
    // Lists of texts, since Mixpanel keeps 255 bytes of a text and 8 kB of a list: 500 events of ~9 kB.
    const batch = Array.from({ length: 500 }, (_, i) => event({ n: String(i), a: Array.from({ length: 30 }, () => "x".repeat(150)), b: Array.from({ length: 30 }, () => "y".repeat(150)) }));
    const result = await mixpanelDestination(config()).send(batch, { importId: "m-2", triggerCampaigns: false });
    expect(result.kind === "done" && result.outcomes.every((outcome) => outcome.state === "delivered")).toBe(true);
    const sent = contract.requests.slice(before);
    expect(sent.length).toBe(3);
    for (const request of sent) expect(request.bytes).toBeLessThanOrEqual(2_000_000);
    expect(contract.violations).toEqual([]);
  });

  it("rejects exactly the failed records of a 400 in Mixpanel's words, and delivers the rest once", async () => {
    const id = await staged(importRows(700, (row) => (row === 123 ? "blocked@example.com" : undefined)));
    contract.refusedIds.add("blocked@example.com");
    const before = { events: contract.events.size, requests: contract.requests.length };
    const outcome = await runImport(database.sql, id, mixpanelDestination(config()), options);
    expect(outcome).toMatchObject({ finished: true, status: "partial", counts: { total: 700, delivered: 699, rejected: 1 } });
    expect(contract.events.size).toBe(before.events + 699);
    expect(contract.requests.length).toBe(before.requests + 2);
    expect(await rejectedRows(id)).toEqual([
      { row_number: 123, reason: "Rejected by Mixpanel: properties.distinct_id: 'properties.distinct_id' blocked@example.com is blocked in this project" },
    ]);
  });

  it("rejects, when they are staged, rows Mixpanel would refuse: dated before 1971, or with a property it reserves", async () => {
    const rows = importRows(3).map((row) =>
      row.row === 3 ? { ...row, time: "1970-06-01T00:00:00Z" } : row.row === 4 ? { ...row, params: { n: "4", distinct_id: "someone-else" } } : row);
    const id = await staged(rows, ["n", "distinct_id"]);
    const before = contract.events.size;
    const outcome = await runImport(database.sql, id, mixpanelDestination(config()), options);
    expect(outcome).toMatchObject({ finished: true, counts: { total: 3, delivered: 1, rejected: 2 } });
    expect(contract.events.size).toBe(before + 1);
    expect(await rejectedRows(id)).toEqual([
      { row_number: 3, reason: "The event is dated before 1 January 1971; Mixpanel accepts events from 1971 on." },
      { row_number: 4, reason: "The parameter `distinct_id` has the name of a property Mixpanel reserves: rename the column, or leave it out." },
    ]);
    expect(contract.violations).toEqual([]);
  });

  it("delivers every event once through a 429 with Retry-After, a 500 and a request left hanging", async () => {
    const before = contract.events.size;
    const repeats = contract.repeats();
    const id = await staged(importRows(1_200));
    waits.length = 0;
    contract.faults.push({ status: 429, retryAfter: "2" });
    contract.faults.push({ status: 500 });
    contract.faults.push({ hang: true });
    const outcome = await runImport(database.sql, id, mixpanelDestination(config({ timeoutMs: 300 })), options);
    expect(outcome).toMatchObject({ finished: true, status: "succeeded", counts: { total: 1_200, delivered: 1_200 } });
    expect(contract.events.size).toBe(before + 1_200);
    expect(contract.repeats()).toBe(repeats);
    expect(waits[0]).toBeGreaterThanOrEqual(2_000);
    expect(contract.violations).toEqual([]);
  });

  it("splits a 400 that names no event, and sends nothing again when the same file is imported again", async () => {
    const rows = importRows(40);
    contract.faults.push({ status: 400, body: JSON.stringify({ code: 400, error: "unable to parse request body as JSON" }) });
    const destination = mixpanelDestination(config());
    expect(await runImport(database.sql, await staged(rows), destination, options)).toMatchObject({ counts: { total: 40, delivered: 40 } });
    const requests = contract.requests.length;
    const again = await runImport(database.sql, await staged(rows), destination, options);
    expect(again).toMatchObject({ finished: true, counts: { total: 40, delivered: 0, duplicates: 40 } });
    expect(contract.requests.length).toBe(requests);
  });
});

describe("testing the Mixpanel connection", () => {
  it("proves the project token with an empty import, and names what to check when it is wrong", async () => {
    expect(await mixpanelDestination(config()).testConnection!()).toEqual({ ok: true, message: `Connected to Mixpanel at ${new URL(contract.url).host}: the project token was accepted.` });
    expect(await mixpanelDestination(config({ projectToken: "wrong" })).testConnection!()).toEqual({
      ok: false,
      message: "Mixpanel did not accept the project token (401). Check MIXPANEL_PROJECT_TOKEN, and MIXPANEL_BASE_URL for a project in the EU (https://api-eu.mixpanel.com).",
    });
  });
});

describe("the Mixpanel destination at the platform's pace", () => {
  it("keeps several requests in flight within the account's shared budget, with no 429, and every event once", async () => {
    const paced = await startMixpanelContract(TOKEN, { pace: { latencyMs: 400, requestsPerSecond: 10 } });
    try {
      const destination = mixpanelDestination({ baseUrl: paced.url, projectToken: TOKEN, budgetOf: (identity) => requestBudget(database.sql, identity, 10) });
      const id = await staged(importRows(4_000));
      const realTime = { policy: { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 2_000, patienceMs: 10_000 }, sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)), concurrency: 4 };
      const outcome = await runImport(database.sql, id, destination, realTime);
      expect(outcome).toMatchObject({ finished: true, status: "succeeded", counts: { delivered: 4_000 } });
      expect(paced.pace.maxInFlight).toBeGreaterThan(1);
      expect(paced.pace.throttled).toBe(0);
      expect(paced.events.size).toBe(4_000);
      expect(paced.repeats()).toBe(0);
    } finally {
      await paced.close();
    }
  });
});
