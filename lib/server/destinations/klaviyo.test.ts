import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { runImport } from "@/lib/server/imports/run-import";
import { numberedRows, stageTestImport } from "@/lib/server/testing/imports";
import { recordedRetries } from "@/lib/server/testing/retry";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { startKlaviyoContract } from "@/lib/testing/klaviyo-contract";
import { klaviyoDestination, KLAVIYO_REVISION, type KlaviyoConfig } from "./klaviyo";
import { requestBudget } from "./request-budget";
import type { OutboundEvent } from "./types";

const API_KEY = "pk_klaviyo_test_0123456789";
const NOW = Date.UTC(2026, 11, 2, 12);
let database: Database;
let dispose: () => Promise<void>;
let contract: Awaited<ReturnType<typeof startKlaviyoContract>>;
const { waits, options } = recordedRetries();

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  // No pace here: the budget's own test below meets Klaviyo's limits.
  contract = await startKlaviyoContract(API_KEY, { pace: {} });
});
afterAll(async () => {
  await contract.close();
  await dispose();
});

function config(overrides: Partial<KlaviyoConfig> = {}): KlaviyoConfig {
  return { baseUrl: contract.url, apiKey: API_KEY, triggerWindowHours: 72, now: () => NOW, ...overrides };
}

let nextRow = 1_000_000;
function event(params: Record<string, string> = {}, occurredMs = 1_700_000_000_123, email?: string): OutboundEvent {
  const rowNumber = nextRow++;
  return { rowNumber, dedupKey: rowNumber.toString(16).padStart(32, "0"), email: email ?? `u${rowNumber}@example.com`, eventName: "Placed Order", occurredMs, params };
}

const held = (sent: OutboundEvent) => contract.events.get(`${sent.email}\n${sent.eventName}\n${sent.dedupKey}`);

/** Each import's events are new ones (times apart), so that the ledger does not take them for the last import's. */
let imports = 0;
function stagedRows(rows: number, emailOf: (row: number) => string | undefined = () => undefined) {
  const start = 1_600_000_000 + ++imports * 10_000_000;
  return numberedRows(rows, (row) => ({ row, email: emailOf(row) ?? `u${row}@example.com`, event_name: "signup", time: String(start + row), params: { n: String(row) } }));
}

describe("the Klaviyo destination", () => {
  it("sends each profile's events as one entry of a Bulk Create Events job, as the API documents them", async () => {
    const before = contract.requests.length;
    const first = event({ plan: "pro" });
    const second = event({}, 1_600_000_000_999, first.email);
    const other = event();
    const result = await klaviyoDestination(config()).send([first, other, second], { importId: "k-1", triggerCampaigns: false });
    expect(result).toEqual({ kind: "done", outcomes: [first, other, second].map((sent) => ({ rowNumber: sent.rowNumber, state: "delivered" })) });
    expect(contract.requests.slice(before)).toEqual([expect.objectContaining({ revision: KLAVIYO_REVISION, events: 3 })]);
    expect(held(first)).toEqual({ email: first.email, metric: "Placed Order", uniqueId: first.dedupKey, time: "2023-11-14T22:13:20.000Z", properties: { plan: "pro" }, backfill: true });
    expect(held(second)).toMatchObject({ time: "2020-09-13T12:26:40.000Z", backfill: true });
    expect(contract.violations).toEqual([]);
  });

  it("lets only the events of the trigger window start flows, and only with Trigger campaigns on", async () => {
    const recent = event({}, NOW - 3_600_000);
    const old = event({}, NOW - 73 * 3_600_000);
    const passive = event({}, NOW - 3_600_000);
    await klaviyoDestination(config()).send([recent, old], { importId: "k-2", triggerCampaigns: true });
    await klaviyoDestination(config()).send([passive], { importId: "k-3", triggerCampaigns: false });
    expect([held(recent)?.backfill, held(old)?.backfill, held(passive)?.backfill]).toEqual([false, true, true]);
  });

  it("never puts one unique_id twice in a request, which would fail the whole job", async () => {
    const before = contract.requests.length;
    const once = event();
    const shouted = { ...once, rowNumber: nextRow++, email: once.email.toUpperCase() };
    const result = await klaviyoDestination(config()).send([once, { ...once, rowNumber: nextRow++ }, shouted], { importId: "k-4", triggerCampaigns: false });
    expect(result.kind).toBe("done");
    expect(contract.requests.length).toBe(before + 3);
    expect(contract.violations).toEqual([]);
  });

  it("keeps each request under 5 MB, cutting a batch of large events into as many jobs as that takes", async () => {
    const large = () => event(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`p${i}`, "z".repeat(90_000)])));
    const batch = [large(), large(), large()];
    const before = contract.requests.length;
    const result = await klaviyoDestination(config()).send(batch, { importId: "k-12", triggerCampaigns: false });
    expect(result.kind === "done" && result.outcomes.every((outcome) => outcome.state === "delivered")).toBe(true);
    const sent = contract.requests.slice(before);
    expect(sent.map((request) => request.events)).toEqual([2, 1]);
    for (const request of sent) expect(request.bytes).toBeLessThan(5_000_000);
    expect(contract.violations).toEqual([]);
  });

  it("rejects, without sending them, events Klaviyo's documented limits refuse", async () => {
    const before = contract.requests.length;
    const named = { ...event(), eventName: "n".repeat(128) };
    const early = event({}, Date.UTC(1999, 11, 31));
    const ahead = event({}, NOW + 400 * 24 * 3_600_000);
    const wide = event(Object.fromEntries(Array.from({ length: 401 }, (_, i) => [`p${i}`, "x"])));
    const long = event({ note: "y".repeat(100_001) });
    const result = await klaviyoDestination(config()).send([named, early, ahead, wide, long], { importId: "k-5", triggerCampaigns: false });
    expect(result.kind === "done" && result.outcomes.map((outcome) => outcome.state === "rejected" && outcome.reason)).toEqual([
      "Not sent to Klaviyo: The event name is 128 characters long; Klaviyo accepts 127 at most.",
      "Not sent to Klaviyo: The event is from before the year 2000; Klaviyo takes events from 2000 on.",
      "Not sent to Klaviyo: The event is more than a year in the future; Klaviyo takes events up to a year ahead.",
      "Not sent to Klaviyo: The event has 401 parameters; Klaviyo accepts 400 at most.",
      "Not sent to Klaviyo: The parameter \"note\" takes 101 kB; Klaviyo accepts 100 kB at most in one text.",
    ]);
    expect(contract.requests.length).toBe(before);
  });

  it("sends only the requests left after a failure in the middle of a batch", async () => {
    const batch = Array.from({ length: 30 }, () => event());
    const destination = klaviyoDestination(config({ maxEventsPerRequest: 10 }));
    const context = { importId: "k-6", triggerCampaigns: false };
    const before = { requests: contract.requests.length, repeats: contract.repeats() };
    contract.faults.push({ pass: true });
    contract.faults.push({ status: 503 });
    expect(await destination.send(batch, context)).toEqual({ kind: "retry", reason: "Klaviyo answered 503", retryAfterMs: null });
    const done = await destination.send(batch, context);
    expect(done.kind === "done" && done.outcomes.every((outcome) => outcome.state === "delivered")).toBe(true);
    expect(contract.requests.length).toBe(before.requests + 3);
    expect(contract.repeats()).toBe(before.repeats);
  });

  it("rejects the event a refusal's pointer names with Klaviyo's words, and sends the rest again", async () => {
    const [first, second] = [event(), event()];
    const third = event({}, 1_650_000_000_000, first.email);
    const pointer = "/data/attributes/events-bulk-create/data/0/attributes/events/data/1/attributes/properties";
    contract.faults.push({ status: 400, body: JSON.stringify({ errors: [{ code: "invalid", title: "Invalid input.", detail: "Property value is not allowed.", source: { pointer } }] }) });
    const before = contract.requests.length;
    const result = await klaviyoDestination(config()).send([first, second, third], { importId: "k-11", triggerCampaigns: false });
    expect(result).toEqual({ kind: "done", outcomes: [
      { rowNumber: first.rowNumber, state: "delivered" },
      { rowNumber: second.rowNumber, state: "delivered" },
      { rowNumber: third.rowNumber, state: "rejected", reason: "Rejected by Klaviyo: Invalid input. Property value is not allowed." },
    ] });
    expect(contract.requests.slice(before)).toEqual([expect.objectContaining({ events: 2 })]);
    expect([held(first), held(second), held(third)].map(Boolean)).toEqual([true, true, false]);
  });

  it("rejects every event of a request refused for the key, and leaves one refused without a pointer to be split", async () => {
    const refused = await klaviyoDestination(config({ apiKey: "pk_wrong" })).send([event()], { importId: "k-7", triggerCampaigns: false });
    expect(refused).toMatchObject({ kind: "done", outcomes: [{ state: "rejected", reason: "Rejected by Klaviyo (401): Authentication credentials were not provided. Missing or invalid private key." }] });
    contract.faults.push({ status: 400, body: JSON.stringify({ errors: [{ code: "invalid", title: "Invalid input.", detail: "Something is wrong." }] }) });
    const whole = event();
    expect(await klaviyoDestination(config()).send([whole], { importId: "k-8", triggerCampaigns: false })).toEqual({
      kind: "done", outcomes: [], refused: [{ events: [whole], reason: "Rejected by Klaviyo (400): Invalid input. Something is wrong." }],
    });
  });
});

describe("importing into Klaviyo", () => {
  it("costs one bad event only itself: Klaviyo's words for its row, the other 699 delivered once", async () => {
    const destination = klaviyoDestination(config());
    const id = await stageTestImport(database.sql, stagedRows(700, (row) => (row === 123 ? "bounced@example.com" : undefined)), { destination: "klaviyo", params: ["n"] });
    contract.invalidEmails.add("bounced@example.com");
    const before = { events: contract.events.size, repeats: contract.repeats(), requests: contract.requests.length };
    const outcome = await runImport(database.sql, id, destination, options);
    expect(outcome).toMatchObject({ finished: true, status: "partial", counts: { total: 700, delivered: 699, rejected: 1 } });
    expect(contract.events.size).toBe(before.events + 699);
    expect(contract.repeats()).toBe(before.repeats);
    expect(contract.requests.length).toBe(before.requests + 2);
    const rejected = await database.sql.query<{ row_number: number; reason: string }>(`SELECT row_number, reason FROM staged_rows WHERE import_id = $1 AND state = 'rejected'`, [id]);
    expect(rejected).toEqual([{ row_number: 123, reason: "Rejected by Klaviyo: Invalid input. Invalid email address." }]);
    expect(contract.violations).toEqual([]);
  });

  it("sends nothing again when the same file is imported again", async () => {
    const destination = klaviyoDestination(config());
    const rows = stagedRows(600);
    const first = await stageTestImport(database.sql, rows, { destination: "klaviyo", params: ["n"] });
    expect(await runImport(database.sql, first, destination, options)).toMatchObject({ status: "succeeded", counts: { delivered: 600 } });
    const before = contract.requests.length;
    const again = await stageTestImport(database.sql, rows, { destination: "klaviyo", params: ["n"] });
    expect(await runImport(database.sql, again, destination, options)).toMatchObject({ finished: true, counts: { total: 600, delivered: 0, duplicates: 600 } });
    expect(contract.requests.length).toBe(before);
  });

  it("delivers every event once through a 429 with Retry-After, then success", async () => {
    const destination = klaviyoDestination(config());
    const id = await stageTestImport(database.sql, stagedRows(900), { destination: "klaviyo", params: ["n"] });
    const before = { events: contract.events.size, repeats: contract.repeats() };
    waits.length = 0;
    contract.faults.push({ status: 429, retryAfter: "3" });
    const outcome = await runImport(database.sql, id, destination, options);
    expect(outcome).toMatchObject({ finished: true, status: "succeeded", counts: { total: 900, delivered: 900 } });
    expect(contract.events.size).toBe(before.events + 900);
    expect(contract.repeats()).toBe(before.repeats);
    expect(waits[0]).toBeGreaterThanOrEqual(3_000);
  });
});

describe("Klaviyo's limits", () => {
  it("keeps to the steady 150 a minute within the account's budget, where sending at once meets a 429", async () => {
    const paced = await startKlaviyoContract(API_KEY, { pace: { requestsPerSecond: 10, requestsPerMinute: 4 } });
    try {
      const unpaced = klaviyoDestination(config({ baseUrl: paced.url }));
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await unpaced.send([event()], { importId: `k-9-${i}`, triggerCampaigns: false }));
      expect(results.map((result) => result.kind)).toEqual(["done", "done", "done", "done", "retry"]);
    } finally {
      await paced.close();
    }
    const steady = await startKlaviyoContract(API_KEY);
    try {
      const destination = klaviyoDestination(config({ baseUrl: steady.url, budgetOf: (identity) => requestBudget(database.sql, identity, 2.5) }));
      const started = performance.now();
      const sent = await Promise.all(Array.from({ length: 12 }, (_, i) => destination.send([event()], { importId: `k-10-${i}`, triggerCampaigns: false })));
      expect(sent.every((result) => result.kind === "done")).toBe(true);
      expect(steady.pace.throttled).toBe(0);
      expect(performance.now() - started).toBeGreaterThan(4_000);
    } finally {
      await steady.close();
    }
  }, 20_000);

  it("proves the key through the connection test, or says which scope or key is wrong", async () => {
    expect(await klaviyoDestination(config()).testConnection!()).toEqual({ ok: true, message: "Connected to Klaviyo (account Backfill Test Shop)." });
    expect(await klaviyoDestination(config({ apiKey: "pk_wrong" })).testConnection!()).toEqual({
      ok: false, message: "Klaviyo did not accept the API key (401). Check KLAVIYO_API_KEY: it must be a private API key.",
    });
    contract.faults.push({ status: 403, path: "/api/accounts" });
    expect((await klaviyoDestination(config()).testConnection!()).message).toContain("accounts:read scope");
  });
});
