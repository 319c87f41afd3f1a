import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { runImport } from "@/lib/server/imports/run-import";
import { numberedRows, stageTestImport } from "@/lib/server/testing/imports";
import { recordedRetries } from "@/lib/server/testing/retry";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { startYespoContract, yespoEventKey } from "@/lib/testing/yespo-contract";
import type { OutboundEvent } from "./types";
import { deletePastEvents, yespoDestination, yespoTime, type YespoConfig } from "./yespo";

const API_KEY = "yespo-test-key-0123456789";
const NOW = Date.parse("2026-01-10T12:00:00Z");
const HOUR = 3_600_000;
let database: Database;
let dispose: () => Promise<void>;
let contract: Awaited<ReturnType<typeof startYespoContract>>;
const { waits, options } = recordedRetries();

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  contract = await startYespoContract(API_KEY);
});
afterAll(async () => {
  await contract.close();
  await dispose();
});

function config(overrides: Partial<YespoConfig> = {}): YespoConfig {
  return { baseUrl: contract.url, apiKey: API_KEY, timeZone: "Europe/Kyiv", triggerWindowHours: 72, allowDelete: false, now: () => NOW, ...overrides };
}

let nextRow = 1_000_000;
function event(eventName: string, occurredMs: number, params: Record<string, string> = {}): OutboundEvent {
  const rowNumber = nextRow++;
  return { rowNumber, dedupKey: rowNumber.toString(16).padStart(32, "0"), email: `u${rowNumber}@example.com`, eventName, occurredMs, params };
}

/** Each import's events are new ones (times apart), so that the ledger does not take them for the last import's. */
let imports = 0;
function stagedImport(rows: number, emailOf: (row: number) => string | undefined = () => undefined, checkRules = true): Promise<string> {
  const start = 1_600_000_000 + ++imports * 10_000_000;
  const staged = numberedRows(rows, (row) => ({ row, email: emailOf(row) ?? `u${row}@example.com`, event_name: "orderCreated", time: String(start + row * 60), params: { n: String(row) } }));
  return stageTestImport(database.sql, staged, { fileName: "yespo.csv", destination: "yespo", params: ["n"], destinationRule: checkRules });
}

describe("yespoTime", () => {
  it("writes the account's wall time to the minute, across a daylight-saving change", () => {
    expect(yespoTime(Date.parse("2024-07-01T12:34:56Z"), "Europe/Kyiv")).toBe("2024-07-01T15:34");
    expect(yespoTime(Date.parse("2024-01-15T23:30:00Z"), "Europe/Kyiv")).toBe("2024-01-16T01:30");
    expect(yespoTime(Date.parse("2024-03-31T00:59:00Z"), "Europe/Kyiv")).toBe("2024-03-31T02:59");
    expect(yespoTime(Date.parse("2024-03-31T01:00:00Z"), "Europe/Kyiv")).toBe("2024-03-31T04:00");
    expect(yespoTime(Date.parse("2024-11-03T05:30:00Z"), "America/New_York")).toBe("2024-11-03T01:30");
    expect(yespoTime(Date.parse("2024-11-03T06:30:00Z"), "America/New_York")).toBe("2024-11-03T01:30");
    expect(yespoTime(Date.parse("2024-02-29T23:59:59Z"), "UTC")).toBe("2024-02-29T23:59");
  });
});

describe("the Yespo destination", () => {
  it("sends past events exactly as Yespo documents them, times on the account's clocks", async () => {
    const before = contract.requests.length;
    const summer = event("orderCreated", Date.parse("2024-07-01T12:34:56Z"), { totalCost: "258.0", currency: "UAH" });
    const winter = event("orderCreated", Date.parse("2024-01-15T23:30:00Z"));
    const result = await yespoDestination(config()).send([summer, winter], { importId: "i-1", triggerCampaigns: false });
    expect(result).toEqual({ kind: "done", outcomes: [
      { rowNumber: summer.rowNumber, state: "delivered" },
      { rowNumber: winter.rowNumber, state: "delivered" },
    ] });
    expect(contract.requests.slice(before)).toEqual([{
      method: "POST",
      path: "/v1/past_events",
      authorization: `Basic ${Buffer.from(`backfill:${API_KEY}`).toString("base64")}`,
      contentType: "application/json; charset=UTF-8",
      body: { events: [
        {
          eventTypeKey: "orderCreated",
          keyValue: summer.email,
          params: [{ name: "email", value: summer.email }, { name: "totalCost", value: "258.0" }, { name: "currency", value: "UAH" }],
          occurred: "2024-07-01T15:34",
        },
        { eventTypeKey: "orderCreated", keyValue: winter.email, params: [{ name: "email", value: winter.email }], occurred: "2024-01-16T01:30" },
      ] },
    }]);
    expect(contract.violations).toEqual([]);
  });

  it("rejects the events whose name Yespo refuses, with the reason, and sends the others", async () => {
    const before = contract.pastEvents.length;
    const bad = event("buy,now", NOW - 1_000 * HOUR);
    const long = event("x".repeat(101), NOW - 1_000 * HOUR);
    const good = event("buy now", NOW - 1_000 * HOUR);
    const result = await yespoDestination(config()).send([bad, good, long], { importId: "i-2", triggerCampaigns: true });
    expect(result).toEqual({ kind: "done", outcomes: [
      { rowNumber: bad.rowNumber, state: "rejected", reason: "Not sent to Yespo: The event name `buy,now` contains a comma (,), which Yespo does not accept in event names." },
      { rowNumber: good.rowNumber, state: "delivered" },
      { rowNumber: long.rowNumber, state: "rejected", reason: "Not sent to Yespo: The event name is 101 characters long; Yespo accepts 100 at most." },
    ] });
    expect(contract.pastEvents.slice(before).map((sent) => sent.eventTypeKey)).toEqual(["buy now"]);
  });

  it("also sends the events of the trigger window as live events, and only when campaigns are to trigger", async () => {
    const old = event("cartAdd", NOW - 73 * HOUR);
    const edge = event("cartAdd", NOW - 72 * HOUR);
    const recent = event("cartAdd", NOW - HOUR, { sku: "A-1" });
    const destination = yespoDestination(config());
    const pastBefore = contract.pastEvents.length;
    const liveBefore = contract.liveEvents.length;

    await destination.send([old, edge, recent], { importId: "i-3", triggerCampaigns: false });
    expect(contract.liveEvents.length).toBe(liveBefore);

    const result = await destination.send([old, edge, recent], { importId: "i-4", triggerCampaigns: true });
    expect(result.kind === "done" && result.outcomes.every((outcome) => outcome.state === "delivered")).toBe(true);
    expect(contract.pastEvents.length).toBe(pastBefore + 6);
    expect(contract.liveEvents.slice(liveBefore)).toEqual(expect.arrayContaining([
      { eventTypeKey: "cartAdd", keyValue: edge.email, params: [{ name: "email", value: edge.email }] },
      { eventTypeKey: "cartAdd", keyValue: recent.email, params: [{ name: "email", value: recent.email }, { name: "sku", value: "A-1" }] },
    ]));
    expect(contract.liveEvents.length).toBe(liveBefore + 2);
  });

  it("retries a live event without sending the batch's past events or the other live events again", async () => {
    const events = [event("visit", NOW - 2 * HOUR), event("visit", NOW - 3 * HOUR), event("visit", NOW - 4 * HOUR)];
    const destination = yespoDestination(config());
    const context = { importId: "i-5", triggerCampaigns: true };
    const pastBefore = contract.pastEvents.length;
    const liveBefore = contract.liveEvents.length;
    contract.faults.push({ status: 503, path: "/v1/event" });
    expect(await destination.send(events, context)).toEqual({ kind: "retry", reason: "Yespo answered 503", retryAfterMs: null });
    const result = await destination.send(events, context);
    expect(result.kind === "done" && result.outcomes.map((outcome) => outcome.state)).toEqual(["delivered", "delivered", "delivered"]);
    expect(contract.pastEvents.length).toBe(pastBefore + 3);
    const live = contract.liveEvents.slice(liveBefore).map((sent) => sent.keyValue).sort();
    expect(live).toEqual(events.map((sent) => sent.email).sort());
  });

  it("rejects an event Yespo refuses as a live event, saying it is in the history all the same", async () => {
    const recent = event("visit", NOW - HOUR);
    contract.faults.push({ status: 400, body: "Contact not found", path: "/v1/event" });
    const result = await yespoDestination(config()).send([recent], { importId: "i-6", triggerCampaigns: true });
    expect(result).toEqual({ kind: "done", outcomes: [{
      rowNumber: recent.rowNumber,
      state: "rejected",
      reason: "Saved in Yespo's history, but not sent as a live event, so no campaign started for it: Rejected by Yespo (400): Contact not found",
      stored: true,
    }] });
  });

  it("does not send a live event over Yespo's 20 kB, saying so, while its past event is kept", async () => {
    const large = event("visit", NOW - HOUR, { note: "x".repeat(21_000) });
    const before = contract.liveEvents.length;
    const result = await yespoDestination(config()).send([large], { importId: "i-20k", triggerCampaigns: true });
    expect(result).toEqual({ kind: "done", outcomes: [{
      rowNumber: large.rowNumber,
      state: "rejected",
      reason: "Saved in Yespo's history, but not sent as a live event, so no campaign started for it: it takes 22 kB with its parameters; Yespo takes 20 kB at most for a live event.",
      stored: true,
    }] });
    expect(contract.liveEvents.length).toBe(before);
  });

  it("delivers every event once through a 429 with Retry-After, a 500 and a request left hanging", async () => {
    const destination = yespoDestination(config({ timeoutMs: 300 }));
    const before = contract.pastEvents.length;
    const id = await stagedImport(1_200);
    contract.faults.push({ status: 429, retryAfter: "2" });
    contract.faults.push({ status: 500 });
    contract.faults.push({ hang: true });
    const outcome = await runImport(database.sql, id, destination, options);
    expect(outcome).toMatchObject({ finished: true, status: "succeeded", counts: { total: 1_200, delivered: 1_200 } });
    const received = contract.pastEvents.slice(before);
    expect(received).toHaveLength(1_200);
    expect(new Set(received.map(yespoEventKey)).size).toBe(1_200);
    expect(received[0]).toEqual({
      eventTypeKey: "orderCreated", keyValue: "u2@example.com",
      params: [{ name: "email", value: "u2@example.com" }, { name: "n", value: "2" }], occurred: yespoTime((1_600_000_000 + imports * 10_000_000 + 120) * 1000, "Europe/Kyiv"),
    });
    expect(waits[0]).toBeGreaterThanOrEqual(2_000);
    expect(contract.faults.pending).toBe(0);
    expect(contract.violations).toEqual([]);
  });

  it("finds the one event behind a refused request by splitting it: the other 499 are delivered once, that one rejected in Yespo's words", async () => {
    // The rule is off here, in staging and sending, so that the forbidden keyValue reaches Yespo, as it would were the rule unknown.
    const destination = yespoDestination(config({ checkRules: false }));
    const id = await stagedImport(500, (row) => (row === 300 ? "o'brien@example.com" : undefined), false);
    const before = { past: contract.pastEvents.length, requests: contract.requests.length, violations: contract.violations.length };
    const outcome = await runImport(database.sql, id, destination, options);
    expect(outcome).toMatchObject({ finished: true, status: "partial", counts: { total: 500, delivered: 499, rejected: 1 } });
    const received = contract.pastEvents.slice(before.past);
    expect(received).toHaveLength(499);
    expect(new Set(received.map(yespoEventKey)).size).toBe(499);
    expect(received.some((event) => event.keyValue === "o'brien@example.com")).toBe(false);
    const [rejected] = await database.sql.query<{ row_number: number; reason: string }>(
      `SELECT row_number, reason FROM staged_rows WHERE import_id = $1 AND state = 'rejected'`, [id]);
    expect(rejected).toEqual({ row_number: 300, reason: "Rejected by Yespo (400): events.0.keyValue: keyValue contains a forbidden character" });
    const refusals = contract.violations.length - before.violations;
    expect(refusals).toBeLessThanOrEqual(Math.ceil(Math.log2(500)) + 1);
  });

  it("retries a 429 without Retry-After for at least five minutes in all, past the count of attempts, then fails the import", async () => {
    const id = await stagedImport(3);
    contract.faults.push({ status: 429, path: "/v1/past_events" }, 100);
    const patient = recordedRetries({ maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 300_000, patienceMs: 300_000 });
    try {
      const outcome = await runImport(database.sql, id, yespoDestination(config()), patient.options);
      expect(outcome).toMatchObject({ finished: true, status: "failed", counts: { total: 3, rejected: 3 } });
      expect(patient.waits.length).toBeGreaterThan(3);
      expect(patient.waits.reduce((sum, wait) => sum + wait, 0)).toBeGreaterThanOrEqual(300_000);
      const [row] = await database.sql.query<{ attempt_note: string }>(`SELECT attempt_note FROM imports WHERE id = $1`, [id]);
      expect(row.attempt_note).toMatch(/^Yespo answered 429: attempt \d+ failed, the next in \d+ s\.$/);
    } finally {
      contract.faults.clear();
    }
  });

  it("rejects the forbidden keyValue without sending it while the rule is on", async () => {
    const destination = yespoDestination(config());
    const bad = { ...event("signup", NOW - 100 * HOUR), email: "o\u2019brien@example.com" };
    const good = event("signup", NOW - 100 * HOUR);
    const result = await destination.send([bad, good], { importId: "i-9", triggerCampaigns: false });
    expect(result).toEqual({ kind: "done", outcomes: [
      { rowNumber: bad.rowNumber, state: "rejected", reason: "Not sent to Yespo: The email address `o\u2019brien@example.com` contains a typographic apostrophe (\u2019), which Yespo does not accept in an event's contact key." },
      { rowNumber: good.rowNumber, state: "delivered" },
    ] });
  });
});

describe("deleting past events", () => {
  const range = { from: new Date("2024-01-01T00:00:00Z"), to: new Date("2024-02-01T00:00:00Z") };

  it("refuses before any request unless deletion is allowed", async () => {
    const before = contract.requests.length;
    await expect(deletePastEvents(config({ allowDelete: false }), range)).rejects.toThrow("set ALLOW_EVENT_DELETE=true");
    expect(contract.requests.length).toBe(before);
  });

  it("sends the range on the account's clocks when allowed", async () => {
    const result = await deletePastEvents(config({ allowDelete: true }), range);
    expect(result).toEqual({ ok: true, message: "Yespo deleted the past events from 2024-01-01T02:00 to 2024-02-01T02:00 (Europe/Kyiv)." });
    expect(contract.deletes.at(-1)).toEqual({ from: "2024-01-01T02:00", to: "2024-02-01T02:00" });
    expect(contract.requests.at(-1)).toMatchObject({ method: "DELETE", path: "/v1/past_events", contentType: "application/json; charset=UTF-8" });
  });
});

describe("testing the connection", () => {
  it("proves the key with a request that changes nothing", async () => {
    const destination = yespoDestination(config());
    expect(await destination.testConnection!()).toEqual({ ok: true, message: "Connected to Yespo as Contract Shop." });
    expect(contract.requests.at(-1)).toMatchObject({ method: "GET", path: "/v1/account/info", contentType: null });
  });

  it("says what to check when the key is wrong or the server is away", async () => {
    const wrong = await yespoDestination(config({ apiKey: "not-the-key" })).testConnection!();
    expect(wrong).toEqual({ ok: false, message: "Yespo did not accept the API key (401). Check YESPO_API_KEY." });
    contract.violations.length = 0;
    const away = await yespoDestination(config({ baseUrl: "http://127.0.0.1:9/api" })).testConnection!();
    expect(away).toEqual({ ok: false, message: "Yespo could not be reached at http://127.0.0.1:9/api; try again later." });
  });
});
