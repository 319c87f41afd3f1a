import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDedupHasher } from "@/lib/events/dedup";
import type { Database } from "@/lib/server/db/client";
import { runImport } from "@/lib/server/imports/run-import";
import { stageRows } from "@/lib/server/imports/stage";
import { recordedRetries } from "@/lib/server/testing/retry";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { startWebhookContract } from "@/e2e/servers/webhook-contract";
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

async function stagedImport(rows: number): Promise<string> {
  const [{ id }] = await database.sql.query<{ id: string }>(
    `INSERT INTO imports (file_name, time_zone, destination, columns, status)
     VALUES ('hook.csv', 'UTC', 'webhook', $1, 'queued') RETURNING id`,
    [JSON.stringify({ email: "email", event_name: "event_name", time: "time", params: [] })],
  );
  const hasher = await loadDedupHasher();
  for (let seq = 0; seq * 500 < rows; seq++) {
    const batch = Array.from({ length: Math.min(500, rows - seq * 500) }, (_, i) => {
      const row = seq * 500 + i + 2;
      return { row, email: `u${row}@example.com`, event_name: "visit", time: String(1_600_000_000 + row), params: { n: String(row) } };
    });
    await stageRows(database.sql, hasher, { importId: id, seq, rows: batch, timeZone: "UTC" });
  }
  return id;
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

  it("records a 400's reason on the batch's rows, and delivers the other batches", async () => {
    const destination = webhookDestination({ url: contract.url, secret: SECRET });
    const before = contract.deliveries.size;
    const id = await stagedImport(700);
    contract.script.push({ status: 400, body: "event_name 'visit' is not allowed here" });
    const outcome = await runImport(database.sql, id, destination, options);
    expect(outcome).toMatchObject({ finished: true, status: "partial", counts: { delivered: 200, rejected: 500 } });
    const [row] = await database.sql.query<{ reason: string }>(
      `SELECT reason FROM staged_rows WHERE import_id = $1 AND row_number = 2`, [id]);
    expect(row.reason).toBe("Rejected by the webhook (400): event_name 'visit' is not allowed here");
    expect(contract.deliveries.size).toBe(before + 1);
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
    expect(row.reason).toBe("Not delivered: Webhook still failed after 4 attempts (the webhook answered 502).");
  });
});
