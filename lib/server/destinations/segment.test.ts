import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { runImport } from "@/lib/server/imports/run-import";
import { numberedRows, stageTestImport } from "@/lib/server/testing/imports";
import { recordedRetries } from "@/lib/server/testing/retry";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { requestBudget } from "./request-budget";
import { startSegmentContract } from "@/lib/testing/segment-contract";
import type { StagedRowInput } from "@/lib/contract/staged-rows";
import { segmentDestination, type SegmentConfig } from "./segment";
import type { OutboundEvent } from "./types";

const WRITE_KEY = "sgmt-write-key-0123456789";
let database: Database;
let dispose: () => Promise<void>;
let contract: Awaited<ReturnType<typeof startSegmentContract>>;
const { waits, options } = recordedRetries();

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  contract = await startSegmentContract(WRITE_KEY);
});
afterAll(async () => {
  await contract.close();
  await dispose();
});

function config(overrides: Partial<SegmentConfig> = {}): SegmentConfig {
  return { baseUrl: contract.url, writeKey: WRITE_KEY, ...overrides };
}

let nextRow = 1_000_000;
function event(params: Record<string, string> = {}, occurredMs = 1_700_000_000_123): OutboundEvent {
  const rowNumber = nextRow++;
  return { rowNumber, dedupKey: rowNumber.toString(16).padStart(32, "0"), email: `u${rowNumber}@example.com`, eventName: "purchase", occurredMs, params };
}

/** Each import's events are new ones (times apart), so that the ledger does not take them for the last import's. */
let imports = 0;
function importRows(rows: number, emailOf: (row: number) => string | undefined = () => undefined): StagedRowInput[] {
  const start = 1_600_000_000 + ++imports * 10_000_000;
  return numberedRows(rows, (row) => ({ row, email: emailOf(row) ?? `u${row}@example.com`, event_name: "signup", time: String(start + row), params: { n: String(row) } }));
}
const staged = (rows: StagedRowInput[]) => stageTestImport(database.sql, rows, { fileName: "segment.csv", destination: "segment", params: ["n"] });

describe("the Segment destination", () => {
  it("sends track calls as the Tracking API documents them, the write key as Basic user name", async () => {
    const before = contract.requests.length;
    const first = event({ plan: "pro" });
    const result = await segmentDestination(config()).send([first], { importId: "s-1", triggerCampaigns: false });
    expect(result).toEqual({ kind: "done", outcomes: [{ rowNumber: first.rowNumber, state: "delivered" }] });
    expect(contract.requests.slice(before)).toEqual([{
      authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString("base64")}`,
      bytes: expect.any(Number),
      body: { batch: [{ type: "track", event: "purchase", userId: first.email, properties: { plan: "pro" }, timestamp: "2023-11-14T22:13:20.123Z", messageId: first.dedupKey }] },
    }]);
    expect(contract.violations).toEqual([]);
  });

  it("splits a batch into requests of at most 500 kB and never sends an event over 32 kB, which Segment would drop", async () => {
    const before = contract.requests.length;
    const batch = Array.from({ length: 500 }, (_, i) => event({ note: `${i}:${"x".repeat(3_000)}` }));
    const huge = event({ note: "y".repeat(40_000) });
    batch.splice(250, 0, huge);
    const result = await segmentDestination(config()).send(batch, { importId: "s-2", triggerCampaigns: false });
    if (result.kind !== "done") throw new Error(result.reason);
    expect(result.outcomes.filter((outcome) => outcome.state === "delivered")).toHaveLength(500);
    expect(result.outcomes[250]).toEqual({
      rowNumber: huge.rowNumber,
      state: "rejected",
      reason: "Not sent to Segment: The event takes 41 kB with its parameters; Segment accepts 32 kB at most and drops a larger one without saying so.",
    });
    const sent = contract.requests.slice(before);
    expect(sent.length).toBe(4);
    for (const request of sent) expect(request.bytes).toBeLessThanOrEqual(500_000);
    expect(contract.dropped).toEqual([]);
    expect(contract.violations).toEqual([]);
  });

  it("rejects a row over 32 kB when it is staged, with the review's words, so that it is never sent", async () => {
    const rows = importRows(3).map((row) => (row.row === 3 ? { ...row, params: { n: "z".repeat(33_000) } } : row));
    const id = await staged(rows);
    const before = contract.events.size;
    const outcome = await runImport(database.sql, id, segmentDestination(config()), options);
    expect(outcome).toMatchObject({ finished: true, status: "partial", counts: { total: 3, delivered: 2, rejected: 1 } });
    expect(contract.events.size).toBe(before + 2);
    const [rejected] = await database.sql.query<{ row_number: number; reason: string }>(
      `SELECT row_number, reason FROM staged_rows WHERE import_id = $1 AND state = 'rejected'`, [id]);
    expect(rejected).toEqual({ row_number: 3, reason: "The event takes 34 kB with its parameters; Segment accepts 32 kB at most and drops a larger one without saying so." });
  });

  it("delivers every event once through a 429 with Retry-After, a 500 and a request left hanging", async () => {
    const destination = segmentDestination(config({ timeoutMs: 300 }));
    const before = contract.events.size;
    const repeats = contract.repeats();
    const id = await staged(importRows(1_200));
    waits.length = 0;
    contract.faults.push({ status: 429, retryAfter: "3" });
    contract.faults.push({ status: 500 });
    contract.faults.push({ hang: true });
    const outcome = await runImport(database.sql, id, destination, options);
    expect(outcome).toMatchObject({ finished: true, status: "succeeded", counts: { total: 1_200, delivered: 1_200 } });
    expect(contract.events.size).toBe(before + 1_200);
    expect(contract.repeats()).toBe(repeats);
    expect(waits[0]).toBeGreaterThanOrEqual(3_000);
    expect(contract.violations).toEqual([]);
  });

  it("finds the one event behind a request refused with a 400 by splitting it: the other 699 are delivered once", async () => {
    const id = await staged(importRows(700, (row) => (row === 123 ? "refused@example.com" : undefined)));
    contract.invalidEmails.add("refused@example.com");
    const before = { events: contract.events.size, repeats: contract.repeats() };
    const outcome = await runImport(database.sql, id, segmentDestination(config()), options);
    expect(outcome).toMatchObject({ finished: true, status: "partial", counts: { total: 700, delivered: 699, rejected: 1 } });
    expect(contract.events.size).toBe(before.events + 699);
    expect(contract.repeats()).toBe(before.repeats);
    const [rejected] = await database.sql.query<{ row_number: number; reason: string }>(
      `SELECT row_number, reason FROM staged_rows WHERE import_id = $1 AND state = 'rejected'`, [id]);
    expect(rejected).toEqual({ row_number: 123, reason: "Rejected by Segment (400): batch.0.userId: refused@example.com is not accepted" });
  });

  it("sends nothing again when the same file is imported again: every row is a duplicate", async () => {
    const rows = importRows(600);
    const destination = segmentDestination(config());
    expect(await runImport(database.sql, await staged(rows), destination, options)).toMatchObject({ counts: { delivered: 600 } });
    const requests = contract.requests.length;
    const again = await runImport(database.sql, await staged(rows), destination, options);
    expect(again).toMatchObject({ finished: true, counts: { total: 600, delivered: 0, duplicates: 600 } });
    expect(contract.requests.length).toBe(requests);
  });
});

describe("testing the Segment connection", () => {
  it("sends an empty batch, and says what a wrong write key got", async () => {
    const check = await segmentDestination(config()).testConnection!();
    expect(check.ok).toBe(true);
    expect(check.message).toContain("took an empty batch with this write key");
    expect(await segmentDestination(config({ writeKey: "wrong" })).testConnection!()).toEqual({
      ok: false,
      message: "Segment did not accept the write key (401). Check SEGMENT_WRITE_KEY.",
    });
  });
});

describe("the Segment destination at the platform's pace", () => {
  it("keeps several requests in flight within the account's shared budget, with no 429, and every event once", async () => {
    const paced = await startSegmentContract(WRITE_KEY, { pace: { latencyMs: 400, requestsPerSecond: 10 } });
    try {
      const destination = segmentDestination({ baseUrl: paced.url, writeKey: WRITE_KEY, budgetOf: (identity) => requestBudget(database.sql, identity, 10) });
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
