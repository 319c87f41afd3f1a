import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { runImport } from "@/lib/server/imports/run-import";
import { reopenUndelivered } from "@/lib/server/imports/send-again";
import { numberedRows, stageTestImport } from "@/lib/server/testing/imports";
import { recordedRetries } from "@/lib/server/testing/retry";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { startWebhookContract } from "@/lib/testing/webhook-contract";
import { webhookDestination } from "./webhook";

const SECRET = "test-secret";
let database: Database;
let dispose: () => Promise<void>;
let contract: Awaited<ReturnType<typeof startWebhookContract>>;
const { waits, options } = recordedRetries({ maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 2_000 });

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  contract = await startWebhookContract(SECRET);
});
afterAll(async () => {
  await contract.close();
  await dispose();
});

/** Each import's events are new ones (times apart), so that the ledger does not take them for the last import's. */
let imports = 0;
function stagedImport(rows: number, emailOf: (row: number) => string | undefined = () => undefined): Promise<string> {
  const start = 1_600_000_000 + ++imports * 10_000_000;
  const staged = numberedRows(rows, (row) => ({ row, email: emailOf(row) ?? `u${row}@example.com`, event_name: "visit", time: String(start + row), params: { n: String(row) } }));
  return stageTestImport(database.sql, staged, { fileName: "hook.csv", destination: "webhook" });
}

describe("the webhook destination", () => {
  it("delivers every event once through a 429 with Retry-After and 5xx answers", async () => {
    const destination = webhookDestination({ url: contract.url, secret: SECRET });
    const id = await stagedImport(1_200);
    contract.script.push({ status: 429, retryAfter: "1" }, { status: 500 }, { status: 503 });
    const outcome = await runImport(database.sql, id, destination, options);
    expect(outcome).toMatchObject({ finished: true, status: "succeeded", counts: { total: 1_200, delivered: 1_200 } });
    expect(contract.violations).toEqual([]);
    const delivered = [...contract.deliveries.values()].flat();
    expect(delivered).toHaveLength(1_200);
    expect(new Set(delivered.map((event) => event.id)).size).toBe(1_200);
    expect([...contract.deliveries.values()].map((events) => events.length)).toEqual([500, 500, 200]);
    expect(waits[0]).toBeGreaterThanOrEqual(1_000);
  });

  it("finds the one event behind a request the webhook refuses with a 4xx by splitting it: the other 499 are delivered once", async () => {
    const destination = webhookDestination({ url: contract.url, secret: SECRET });
    const id = await stagedImport(500, (row) => (row === 77 ? "blocked@example.com" : undefined));
    contract.refusedEmails.add("blocked@example.com");
    const before = contract.requestCount();
    const outcome = await runImport(database.sql, id, destination, options);
    expect(outcome).toMatchObject({ finished: true, status: "partial", counts: { total: 500, delivered: 499, rejected: 1 } });
    const [rejected] = await database.sql.query<{ row_number: number; reason: string }>(
      `SELECT row_number, reason FROM staged_rows WHERE import_id = $1 AND state = 'rejected'`, [id]);
    expect(rejected.row_number).toBe(77);
    expect(rejected.reason).toMatch(/^Rejected by the webhook \(400\): event [0-9a-f]{32}: blocked@example\.com is not accepted here$/);
    expect([...contract.received.values()].every((times) => times === 1)).toBe(true);
    expect(contract.requestCount() - before).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(500)) + 1);
  });

  it("does not split a refusal of the credentials or the address, which every half would get too", async () => {
    const destination = webhookDestination({ url: contract.url, secret: SECRET });
    const id = await stagedImport(500);
    contract.script.push({ status: 403, body: "this key may not post here" });
    const before = contract.requestCount();
    const outcome = await runImport(database.sql, id, destination, options);
    expect(outcome).toMatchObject({ finished: true, status: "partial", counts: { total: 500, delivered: 0, rejected: 500 } });
    expect(contract.requestCount() - before).toBe(1);
    const [row] = await database.sql.query<{ reason: string }>(`SELECT reason FROM staged_rows WHERE import_id = $1 AND row_number = 2`, [id]);
    expect(row.reason).toBe("Rejected by the webhook (403): this key may not post here");
  });

  it("delivers the rest of a batch the webhook takes only in part, and rejects the refused rows with its reason", async () => {
    const destination = webhookDestination({ url: contract.url, secret: SECRET });
    const id = await stagedImport(500);
    contract.script.push({ status: 200, refuseEvery: 100 });
    const outcome = await runImport(database.sql, id, destination, options);
    expect(outcome).toMatchObject({ finished: true, status: "partial", counts: { total: 500, delivered: 495, rejected: 5 } });
    const rows = await database.sql.query<{ row_number: number; reason: string }>(
      `SELECT row_number, reason FROM staged_rows WHERE import_id = $1 AND state = 'rejected' ORDER BY row_number`, [id]);
    expect(rows.map((row) => row.row_number)).toEqual([2, 102, 202, 302, 402]);
    expect(rows[0].reason).toBe("Rejected by the webhook: u2@example.com is unsubscribed");
  });

  it("fails the import when the webhook stays down past the retry budget, reporting every undelivered row", async () => {
    const destination = webhookDestination({ url: contract.url, secret: SECRET });
    const id = await stagedImport(600);
    contract.script.push({ status: 200 }, ...Array.from({ length: 4 }, () => ({ status: 502 })));
    const outcome = await runImport(database.sql, id, destination, options);
    expect(outcome).toMatchObject({ finished: true, status: "failed", counts: { total: 600, delivered: 500, rejected: 100 } });
    const [row] = await database.sql.query<{ reason: string }>(
      `SELECT reason FROM staged_rows WHERE import_id = $1 AND row_number = 601`, [id]);
    expect(row.reason).toBe("Not delivered: Webhook still failed after 4 attempts (The webhook answered 502).");

    // Sent again once the webhook is back: only the 100 undelivered rows go, and the counts add up.
    const requests = contract.requestCount();
    expect(await reopenUndelivered(database.sql, id)).toEqual({ ok: true, rows: 100 });
    expect(await reopenUndelivered(database.sql, id)).toEqual({ ok: false, error: "Only a failed import has undelivered rows to send again." });
    const again = await runImport(database.sql, id, destination, options);
    expect(again).toMatchObject({ finished: true, status: "succeeded", counts: { total: 600, delivered: 600, duplicates: 0, rejected: 0 } });
    expect(contract.requestCount() - requests).toBe(1);
    expect([...contract.received.values()].every((times) => times === 1)).toBe(true);
  });
});
