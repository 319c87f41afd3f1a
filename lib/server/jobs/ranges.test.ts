import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { numberedRows, stageTestImport, until } from "@/lib/server/testing/imports";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { keysPerEvent, workerProcesses } from "@/lib/server/testing/workers";
import { startWebhookContract } from "@/lib/testing/webhook-contract";
import { enqueueForward } from "./import-jobs";
import { stopBoss } from "./boss";

/**
 * One import, many workers (decision 018): three `npm run worker` processes on one PostgreSQL deliver
 * one import in ranges side by side; one is killed in the middle, and the import still ends with
 * every row once and one report. Needs a PostgreSQL server (npm test provides one).
 */
let database: Database;
let url: string | null;
let dispose: () => Promise<void>;

/** Ranges of 6,000 rows: small enough for a test's import to have several. */
const RANGE_ENV = { IMPORT_RANGE_ROWS: "6000", WORKER_CONCURRENCY: "2" };

const workers = workerProcesses(() => ({ DATABASE_URL: url!, ...RANGE_ENV }));
const startWorker = workers.start;

type RangeRow = { range_no: number; after_row: number; last_row: number; forwarded_through: number; finished: boolean };

const rangesOf = (id: string) =>
  database.sql.query<RangeRow>(
    `SELECT range_no, after_row, last_row, forwarded_through, finished_at IS NOT NULL AS finished FROM import_ranges WHERE import_id = $1 ORDER BY range_no`,
    [id],
  );

/** Ranges begun and not finished at one moment: more than one means several workers at once. */
const rangesUnderWay = (ranges: RangeRow[]) => ranges.filter((r) => r.forwarded_through > r.after_row && !r.finished).length;

async function finished(id: string) {
  const [row] = await database.sql.query<{ finished: boolean; reported: boolean }>(
    `SELECT finished_at IS NOT NULL AS finished, report_sent_at IS NOT NULL AS reported FROM imports WHERE id = $1`,
    [id],
  );
  return row;
}

/**
 * The first worker alone takes two ranges (WORKER_CONCURRENCY 2) and is killed in the middle of both;
 * then two more workers start. The ranges it held, which the others must take over.
 */
async function killFirstMidway(id: string, doomed: ChildProcess, startOthers: () => void): Promise<number[]> {
  let held: RangeRow[] = [];
  await until(async () => {
    held = (await rangesOf(id)).filter((r) => r.forwarded_through > r.after_row && !r.finished);
    return held.length >= 2;
  }, 90_000);
  doomed.kill("SIGKILL");
  await new Promise((resolve) => doomed.once("exit", resolve));
  startOthers();
  return held.map((r) => r.range_no);
}

/** Waits for the import's end (and its report, with `reported`); the most ranges seen under way at once meanwhile. */
async function untilEnd(id: string, { reported }: { reported: boolean }, timeoutMs: number): Promise<number> {
  let most = 0;
  await until(async () => {
    most = Math.max(most, rangesUnderWay(await rangesOf(id)));
    const end = await finished(id);
    return reported ? end.reported : end.finished;
  }, timeoutMs);
  return most;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("one import, three workers, on PostgreSQL", () => {
  beforeAll(async () => {
    ({ database, url, dispose } = await openTestDb());
  });
  afterAll(async () => {
    workers.killAll();
    await stopBoss();
    await dispose();
  });

  it("deliver it into the built-in store in ranges side by side, one killed midway, every row once", async () => {
    const total = 60_000;
    // Every 100th row repeats the one before it; every 250th is invalid.
    const id = await stageTestImport(database.sql, numberedRows(total, (row) => {
      const n = row % 100 === 0 ? row - 1 : row;
      return { row, email: row % 250 === 0 ? "broken" : `r${n}@example.com`, event_name: "visit", time: String(1_700_000_000 + n), params: {} };
    }), { fileName: "ranges.csv", notifyEmail: "ranges@example.com" });
    await enqueueForward(id);
    const held = await killFirstMidway(id, startWorker(), () => [startWorker(), startWorker()]);
    // Two workers of two ranges each: three or four under way at once is both of them side by side.
    expect(await untilEnd(id, { reported: true }, 120_000)).toBeGreaterThanOrEqual(3);

    const ranges = await rangesOf(id);
    expect(ranges).toHaveLength(total / 6000);
    expect(ranges.every((r) => r.finished && r.forwarded_through === r.last_row)).toBe(true);
    expect(held).toHaveLength(2);
    const [counts] = await database.sql.query<{ total: number; delivered: number; duplicates: number; rejected: number; status: string }>(
      `SELECT total, delivered, duplicates, rejected, status FROM imports WHERE id = $1`, [id]);
    expect(counts).toEqual({ total, delivered: total - total / 100 - total / 250 + total / 500, duplicates: total / 100 - total / 500, rejected: total / 250, status: "partial" });
    const [stored] = await database.sql.query<{ n: number; keys: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT dedup_key)::int AS keys FROM events WHERE import_id = $1`, [id]);
    expect(stored).toEqual({ n: counts.delivered, keys: counts.delivered });
    const [pending] = await database.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM staged_rows WHERE import_id = $1 AND state = 'pending'`, [id]);
    expect(pending.n).toBe(0);
    const reports = await database.sql.query(`SELECT 1 FROM outbox WHERE to_address = 'ranges@example.com'`);
    expect(reports).toHaveLength(1);
  }, 240_000);

  it("send it to a webhook across a network in ranges side by side, one killed with requests in flight, no event twice", async () => {
    workers.killAll();
    const secret = "ranges-webhook-secret-0042";
    // Each answer after 150 ms, 429 past 60 requests a second, whoever sends them.
    const webhook = await startWebhookContract(secret, { pace: { latencyMs: 150, requestsPerSecond: 60 } });
    try {
      const total = 36_000;
      const id = await stageTestImport(database.sql, numberedRows(total, (row) => (
        { row, email: `w${row}@example.com`, event_name: "visit", time: String(1_710_000_000 + row), params: {} }
      )), { fileName: "ranges-webhook.csv", destination: "webhook" });
      // Two requests in flight a range: only ranges side by side put more than two on their way.
      const webhookEnv = { DESTINATION: "webhook", WEBHOOK_URL: webhook.url, WEBHOOK_SECRET: secret, DELIVERY_CONCURRENCY: "2", WEBHOOK_REQUESTS_PER_SECOND: "50" };
      await enqueueForward(id);
      const doomed = startWorker(webhookEnv);
      await until(async () => webhook.pace.inFlight >= 2, 90_000);
      const held = await killFirstMidway(id, doomed, () => [startWorker(webhookEnv), startWorker(webhookEnv)]);
      expect(held).toHaveLength(2);
      expect(await untilEnd(id, { reported: false }, 180_000)).toBeGreaterThanOrEqual(3);
      expect((await rangesOf(id)).every((r) => r.finished && r.forwarded_through === r.last_row)).toBe(true);

      const [counts] = await database.sql.query<{ delivered: number; duplicates: number; rejected: number }>(
        `SELECT delivered, duplicates, rejected FROM imports WHERE id = $1`, [id]);
      expect(counts).toEqual({ delivered: total, duplicates: 0, rejected: 0 });
      expect(webhook.pace.maxInFlight).toBeGreaterThan(2);
      // A request in flight when its sender died is sent again under the same Idempotency-Key, which
      // the receiver drops: no event arrives under two keys.
      const keysOf = keysPerEvent(webhook.deliveries);
      expect(keysOf.size).toBe(total);
      expect([...keysOf.values()].filter((keys) => keys > 1)).toEqual([]);
      expect(webhook.violations).toEqual([]);
    } finally {
      await webhook.close();
    }
  }, 300_000);
});
