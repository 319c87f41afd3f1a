import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { numberedRows, stageTestImport, until } from "@/lib/server/testing/imports";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { keysPerEvent, workerProcesses } from "@/lib/server/testing/workers";
import { startWebhookContract } from "@/lib/testing/webhook-contract";
import { enqueueForward } from "./import-jobs";
import { stopBoss } from "./boss";

/**
 * Scaling out, for real: `npm run worker` processes on one PostgreSQL. One is killed mid-import; two
 * others finish it. Needs a PostgreSQL server (npm test provides one); PGlite is one process's database.
 */
let database: Database;
let url: string | null;
let dispose: () => Promise<void>;

const workers = workerProcesses(() => ({ DATABASE_URL: url!, WORKER_CONCURRENCY: "1" }));
const startWorker = workers.start;

/** Waits until the import has finished, whichever worker finishes it. */
function untilFinished(id: string, timeoutMs: number): Promise<void> {
  return until(async () => {
    const [row] = await database.sql.query<{ finished: boolean }>(`SELECT finished_at IS NOT NULL AS finished FROM imports WHERE id = $1`, [id]);
    return row.finished;
  }, timeoutMs);
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("workers on PostgreSQL", () => {
  beforeAll(async () => {
    ({ database, url, dispose } = await openTestDb());
  });
  afterAll(async () => {
    workers.killAll();
    await stopBoss();
    await dispose();
  });

  it("finish an import whose worker was killed, losing and doubling nothing", async () => {
    const total = 60_000;
    // Every 100th row repeats the one before it; every 250th is invalid.
    const id = await stageTestImport(database.sql, numberedRows(total, (row) => {
      const n = row % 100 === 0 ? row - 1 : row;
      return { row, email: row % 250 === 0 ? "broken" : `u${n}@example.com`, event_name: "visit", time: String(1_600_000_000 + n), params: {} };
    }), { fileName: "crash.csv" });
    await enqueueForward(id);
    const doomed = startWorker();
    const batches = async () =>
      (await database.sql.query<{ b: number }>(`SELECT batches_done AS b FROM imports WHERE id = $1`, [id]))[0].b;
    await until(async () => (await batches()) >= 10, 60_000);
    doomed.kill("SIGKILL");
    const killedAt = await batches();
    expect(killedAt).toBeLessThan(total / 500);
    startWorker();
    startWorker();
    await untilFinished(id, 90_000);

    const [counts] = await database.sql.query<{ total: number; delivered: number; duplicates: number; rejected: number; status: string }>(
      `SELECT total, delivered, duplicates, rejected, status FROM imports WHERE id = $1`, [id]);
    expect(counts.total).toBe(total);
    expect(counts.delivered + counts.duplicates + counts.rejected).toBe(total);
    expect(counts.rejected).toBe(total / 250);
    const [stored] = await database.sql.query<{ n: number; keys: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT dedup_key)::int AS keys FROM events WHERE import_id = $1`, [id]);
    expect(stored.n).toBe(counts.delivered);
    expect(stored.keys).toBe(stored.n);
    const [pending] = await database.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM staged_rows WHERE import_id = $1 AND state = 'pending'`, [id]);
    expect(pending.n).toBe(0);
  }, 180_000);

  it("finish a split of a refused request whose worker was killed in the middle, sending no event twice", async () => {
    // The workers of the test before are configured for the built-in store: only this test's may work this import.
    workers.killAll();
    const secret = "crash-webhook-secret-0123";
    const webhook = await startWebhookContract(secret);
    try {
      // Two events in the first batch make the webhook refuse every request that holds one of them.
      webhook.refusedEmails.add("refused-a@example.com").add("refused-b@example.com");
      webhook.timing.delayMs = 300;
      const total = 1_000;
      const id = await stageTestImport(database.sql, numberedRows(total, (row) => {
        const email = row === 40 ? "refused-a@example.com" : row === 333 ? "refused-b@example.com" : `s${row}@example.com`;
        return { row, email, event_name: "visit", time: String(1_650_000_000 + row), params: {} };
      }), { fileName: "split-crash.csv", destination: "webhook" });
      const webhookEnv = { DESTINATION: "webhook", WEBHOOK_URL: webhook.url, WEBHOOK_SECRET: secret };
      await enqueueForward(id);
      const doomed = startWorker(webhookEnv);
      // Killed while a request of the split is on its way, after some halves were delivered.
      await until(async () => {
        const [row] = await database.sql.query<{ delivered: number }>(`SELECT delivered FROM imports WHERE id = $1`, [id]);
        return row.delivered > 0 && webhook.timing.inFlight === 1;
      }, 60_000);
      doomed.kill("SIGKILL");
      const [midway] = await database.sql.query<{ delivered: number; forwarded_through: number }>(
        `SELECT delivered, forwarded_through FROM imports WHERE id = $1`, [id]);
      expect(midway.forwarded_through).toBe(0);
      expect(midway.delivered).toBeGreaterThan(0);
      webhook.timing.delayMs = 0;
      startWorker(webhookEnv);
      await untilFinished(id, 90_000);
      const [counts] = await database.sql.query<{ delivered: number; duplicates: number; rejected: number }>(
        `SELECT delivered, duplicates, rejected FROM imports WHERE id = $1`, [id]);
      expect(counts).toEqual({ delivered: total - 2, duplicates: 0, rejected: 2 });
      expect(webhook.received.size).toBe(total - 2);
      expect([...webhook.received.values()].every((times) => times === 1)).toBe(true);
      const rejected = await database.sql.query<{ row_number: number; reason: string }>(
        `SELECT row_number, reason FROM staged_rows WHERE import_id = $1 AND state = 'rejected' ORDER BY row_number`, [id]);
      expect(rejected.map((row) => row.row_number)).toEqual([40, 333]);
      expect(rejected[0].reason).toContain("refused-a@example.com is not accepted here");
    } finally {
      await webhook.close();
    }
  }, 180_000);

  it("finish an import sent with requests in flight whose workers are killed at random moments, losing and doubling nothing", async () => {
    workers.killAll();
    const secret = "in-flight-webhook-secret-42";
    // A receiver across a network: each answer after 150 ms, 429 past 40 requests a second.
    const webhook = await startWebhookContract(secret, { pace: { latencyMs: 150, requestsPerSecond: 40 } });
    try {
      const total = 30_000;
      const id = await stageTestImport(database.sql, numberedRows(total, (row) => (
        { row, email: `f${row}@example.com`, event_name: "visit", time: String(1_660_000_000 + row), params: {} }
      )), { fileName: "in-flight.csv", destination: "webhook" });
      const webhookEnv = { DESTINATION: "webhook", WEBHOOK_URL: webhook.url, WEBHOOK_SECRET: secret, DELIVERY_CONCURRENCY: "8", WEBHOOK_REQUESTS_PER_SECOND: "60" };
      await enqueueForward(id);
      const delivered = async () =>
        (await database.sql.query<{ delivered: number }>(`SELECT delivered FROM imports WHERE id = $1`, [id]))[0].delivered;
      for (let kill = 0; kill < 3; kill++) {
        const doomed = startWorker(webhookEnv);
        const before = await delivered();
        // Killed with several requests on their way, at a moment of its own.
        await until(async () => (await delivered()) > before && webhook.pace.inFlight >= 2, 60_000);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 400));
        doomed.kill("SIGKILL");
        await new Promise((resolve) => doomed.once("exit", resolve));
      }
      startWorker(webhookEnv);
      await untilFinished(id, 150_000);
      const [counts] = await database.sql.query<{ delivered: number; duplicates: number; rejected: number }>(
        `SELECT delivered, duplicates, rejected FROM imports WHERE id = $1`, [id]);
      expect(counts).toEqual({ delivered: total, duplicates: 0, rejected: 0 });
      expect(webhook.pace.maxInFlight).toBeGreaterThan(1);
      // A request in flight when its sender died may have been taken, its answer lost: it is sent
      // again under the same Idempotency-Key, which the receiver drops. No event under two keys.
      const keysOf = keysPerEvent(webhook.deliveries);
      expect(keysOf.size).toBe(total);
      expect([...keysOf.values()].filter((keys) => keys > 1)).toEqual([]);
      expect(webhook.violations).toEqual([]);
    } finally {
      await webhook.close();
    }
  }, 240_000);
});
