import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { runImport } from "@/lib/server/imports/run-import";
import { numberedRows, stageTestImport } from "@/lib/server/testing/imports";
import { recordedRetries } from "@/lib/server/testing/retry";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { startCustomerioContract } from "@/lib/testing/customerio-contract";
import { customerioDestination, eventUlid, type CustomerioConfig } from "./customerio";
import type { OutboundEvent } from "./types";

const SITE_ID = "site-7f3a";
const API_KEY = "cio-test-key-0123456789";
let database: Database;
let dispose: () => Promise<void>;
let contract: Awaited<ReturnType<typeof startCustomerioContract>>;
const { waits, options } = recordedRetries();

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  contract = await startCustomerioContract(SITE_ID, API_KEY);
});
afterAll(async () => {
  await contract.close();
  await dispose();
});

function config(overrides: Partial<CustomerioConfig> = {}): CustomerioConfig {
  return { baseUrl: contract.url, siteId: SITE_ID, apiKey: API_KEY, ...overrides };
}

let nextRow = 1_000_000;
function event(params: Record<string, string> = {}, occurredMs = 1_700_000_000_123): OutboundEvent {
  const rowNumber = nextRow++;
  return { rowNumber, dedupKey: rowNumber.toString(16).padStart(32, "0"), email: `u${rowNumber}@example.com`, eventName: "purchase", occurredMs, params };
}

/** Each import's events are new ones (times apart), so that the ledger does not take them for the last import's. */
let imports = 0;
function stagedImport(rows: number, emailOf: (row: number) => string | undefined = () => undefined): Promise<string> {
  const start = 1_600_000_000 + ++imports * 10_000_000;
  const staged = numberedRows(rows, (row) => ({ row, email: emailOf(row) ?? `u${row}@example.com`, event_name: "signup", time: String(start + row), params: { n: String(row) } }));
  return stageTestImport(database.sql, staged, { fileName: "cio.csv", destination: "customerio", params: ["n"] });
}

describe("eventUlid", () => {
  it("is a ULID of the event's time and its dedup key, the same every time", () => {
    const sample = { ...event(), dedupKey: "0123456789abcdef0123456789abcdef", occurredMs: 1_700_000_000_123 };
    expect(eventUlid(sample)).toBe("01HF7YAT3V7TRVTGWS8ZNQCACR");
    expect(eventUlid({ ...sample })).toBe(eventUlid(sample));
    expect(eventUlid({ ...sample, dedupKey: "0123456789abcdef0123456789abcdee" }).slice(0, 10)).toBe("01HF7YAT3V");
    expect(eventUlid({ ...sample, dedupKey: "0123456789abcdef0123456789abcdee" })).not.toBe(eventUlid(sample));
    expect(eventUlid({ ...sample, occurredMs: 1_700_000_000_124 }) > eventUlid(sample)).toBe(true);
  });
});

describe("the Customer.io destination", () => {
  it("sends person events exactly as the Track API documents them", async () => {
    const before = contract.requests.length;
    const first = event({ plan: "pro" });
    const second = event({}, 1_600_000_000_999);
    const result = await customerioDestination(config()).send([first, second], { importId: "i-1", triggerCampaigns: false });
    expect(result).toEqual({ kind: "done", outcomes: [
      { rowNumber: first.rowNumber, state: "delivered" },
      { rowNumber: second.rowNumber, state: "delivered" },
    ] });
    expect(contract.requests.slice(before)).toEqual([expect.objectContaining({
      path: "/api/v2/batch",
      authorization: `Basic ${Buffer.from(`${SITE_ID}:${API_KEY}`).toString("base64")}`,
      contentType: "application/json",
      body: { batch: [
        { type: "person", identifiers: { email: first.email }, action: "event", id: eventUlid(first), name: "purchase", timestamp: 1_700_000_000, attributes: { plan: "pro" } },
        { type: "person", identifiers: { email: second.email }, action: "event", id: eventUlid(second), name: "purchase", timestamp: 1_600_000_000, attributes: {} },
      ] },
    })]);
    expect(contract.violations).toEqual([]);
  });

  it("splits a batch into requests under 500 kB and rejects an event over 32 kB without sending it", async () => {
    const before = contract.requests.length;
    const batch = Array.from({ length: 500 }, (_, i) => event({ note: `${i}:${"x".repeat(3_000)}` }));
    const huge = event({ note: "y".repeat(40_000) });
    batch.splice(250, 0, huge);
    const result = await customerioDestination(config()).send(batch, { importId: "i-2", triggerCampaigns: false });
    if (result.kind !== "done") throw new Error(result.reason);
    expect(result.outcomes.filter((outcome) => outcome.state === "delivered")).toHaveLength(500);
    expect(result.outcomes[250]).toEqual({
      rowNumber: huge.rowNumber,
      state: "rejected",
      reason: "Not sent to Customer.io: the event takes 41 kB with its parameters; Customer.io accepts 32 kB at most.",
    });
    const sent = contract.requests.slice(before);
    expect(sent.length).toBe(4);
    for (const request of sent) expect(request.bytes).toBeLessThan(500_000);
    expect(sent.reduce((sum, request) => sum + (request.body as { batch: unknown[] }).batch.length, 0)).toBe(500);
    expect(contract.events.has(eventUlid(huge))).toBe(false);
    expect(contract.violations).toEqual([]);
  });

  it("sends only the requests left after a failure in the middle of a split batch", async () => {
    const batch = Array.from({ length: 450 }, (_, i) => event({ note: `${i}:${"z".repeat(3_000)}` }));
    const destination = customerioDestination(config());
    const context = { importId: "i-3", triggerCampaigns: false };
    const before = contract.requests.length;
    const repeats = contract.repeats();
    contract.faults.push({ pass: true });
    contract.faults.push({ status: 502 });
    expect(await destination.send(batch, context)).toEqual({ kind: "retry", reason: "Customer.io answered 502", retryAfterMs: null });
    expect(contract.requests.length).toBe(before + 1);
    contract.faults.push({ pass: true });
    contract.faults.push({ status: 503 });
    expect((await destination.send(batch, context)).kind).toBe("retry");
    expect(contract.requests.length).toBe(before + 2);
    const done = await destination.send(batch, context);
    expect(done.kind === "done" && done.outcomes.every((outcome) => outcome.state === "delivered")).toBe(true);
    expect(contract.requests.length).toBe(before + 3);
    expect(contract.repeats()).toBe(repeats);
    for (const sent of batch) expect(contract.events.has(eventUlid(sent))).toBe(true);
  });

  it("delivers every event once through a 429 with Retry-After, a 500 and a request left hanging", async () => {
    const destination = customerioDestination(config({ timeoutMs: 300 }));
    const before = contract.events.size;
    const repeats = contract.repeats();
    const id = await stagedImport(1_200);
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

  it("finds the one event behind a request Customer.io refuses with a 400 by splitting it: the other 699 are delivered once", async () => {
    const destination = customerioDestination(config());
    const id = await stagedImport(700, (row) => (row === 123 ? "not-valid@example.com" : undefined));
    contract.invalidEmails.add("not-valid@example.com");
    const before = { events: contract.events.size, repeats: contract.repeats() };
    const outcome = await runImport(database.sql, id, destination, options);
    expect(outcome).toMatchObject({ finished: true, status: "partial", counts: { total: 700, delivered: 699, rejected: 1 } });
    expect(contract.events.size).toBe(before.events + 699);
    expect(contract.repeats()).toBe(before.repeats);
    const [rejected] = await database.sql.query<{ row_number: number; reason: string }>(
      `SELECT row_number, reason FROM staged_rows WHERE import_id = $1 AND state = 'rejected'`, [id]);
    expect(rejected).toEqual({ row_number: 123, reason: "Rejected by Customer.io (400): batch.0.identifiers.email: not-valid@example.com is not a valid email address" });
  });

  it("leaves out a reserved attribute the import did not keep on purpose, and an event name over 100 bytes", async () => {
    const destination = customerioDestination(config());
    const redirected = event({ recipient: "someone@else.example" });
    const long = { ...event(), eventName: "é".repeat(51) };
    const chosen = event({ reply_to: "desk@example.com" });
    const result = await destination.send([redirected, long, chosen], { importId: "i-7", triggerCampaigns: false, keptReserved: ["reply_to"] });
    expect(result).toEqual({ kind: "done", outcomes: [
      { rowNumber: redirected.rowNumber, state: "rejected", reason: "Not sent to Customer.io: The parameter `recipient` would change where the emails this event triggers are sent, and the import did not keep it on purpose." },
      { rowNumber: long.rowNumber, state: "rejected", reason: "Not sent to Customer.io: The event name takes 102 bytes; Customer.io accepts 100 at most." },
      { rowNumber: chosen.rowNumber, state: "delivered" },
    ] });
  });

  it("reads a JSON refusal, and a 207's list of refused entries, as reasons for those rows only", async () => {
    const destination = customerioDestination(config());
    contract.faults.push({ status: 400, body: JSON.stringify({ errors: [{ reason: "invalid", field: "batch.0.name", message: "name is too long" }] }) });
    const refused = event();
    const result = await destination.send([refused], { importId: "i-4", triggerCampaigns: false });
    expect(result).toEqual({ kind: "done", outcomes: [], refused: [{ events: [refused], reason: "Rejected by Customer.io (400): batch.0.name: name is too long" }] });

    contract.faults.push({ status: 400, body: JSON.stringify({ meta: { error: "email is not an enabled identifier for this workspace" } }) });
    const unidentified = await destination.send([event()], { importId: "i-6", triggerCampaigns: false });
    expect(unidentified).toMatchObject({ refused: [{ reason: "Rejected by Customer.io (400): email is not an enabled identifier for this workspace (Email must be enabled as an identifier in the Customer.io workspace's settings, or every event is refused.)" }] });

    const [kept, suppressed] = [event(), event()];
    contract.refusedEmails.add(suppressed.email);
    const partial = await destination.send([kept, suppressed], { importId: "i-5", triggerCampaigns: false });
    expect(partial).toEqual({ kind: "done", outcomes: [
      { rowNumber: kept.rowNumber, state: "delivered" },
      { rowNumber: suppressed.rowNumber, state: "rejected", reason: `Rejected by Customer.io: identifiers.email: ${suppressed.email} is suppressed` },
    ] });
  });
});

describe("testing the connection", () => {
  it("proves the credentials, and says when the workspace lives in another region", async () => {
    expect(await customerioDestination(config()).testConnection!()).toEqual({ ok: true, message: "Connected to Customer.io (region US, workspace 42)." });
    const eu = await startCustomerioContract(SITE_ID, API_KEY, { regionUrl: "https://track-eu.customer.io" });
    try {
      const check = await customerioDestination({ ...config(), baseUrl: eu.url }).testConnection!();
      expect(check.message).toContain("set CUSTOMERIO_BASE_URL to it");
    } finally {
      await eu.close();
    }
    expect(await customerioDestination(config({ apiKey: "wrong" })).testConnection!()).toEqual({
      ok: false,
      message: "Customer.io did not accept the Site ID and API key (401). Check CUSTOMERIO_SITE_ID and CUSTOMERIO_API_KEY.",
    });
  });
});
