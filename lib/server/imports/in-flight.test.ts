import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { StagedRowInput } from "@/lib/contract/staged-rows";
import type { Database } from "@/lib/server/db/client";
import { readBudget, requestBudget, PACE_SHARE } from "@/lib/server/destinations/request-budget";
import { yespoDestination } from "@/lib/server/destinations/yespo";
import { numberedRows, stageTestImport } from "@/lib/server/testing/imports";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { startYespoContract, yespoEventKey } from "@/lib/testing/yespo-contract";
import { holdClaims } from "./claims";
import { takeBatch } from "./forward";
import { runImport } from "./run-import";
import type { ForwardOptions } from "./forward-external";

/**
 * Delivery with several requests in flight, against the Yespo contract server answering as a platform
 * across a network does (a latency, 429 past its limit of requests a second), which keeps every copy
 * it is sent: the pace keeps to the account's budget, a storm of 429s shrinks it and success grows it
 * back, and imports of the same events at the same moment send each event once. On PGlite, and on
 * PostgreSQL with TEST_DATABASE_URL.
 */
const KEY = "in-flight-yespo-key";
let database: Database;
let dispose: () => Promise<void>;
let yespo: Awaited<ReturnType<typeof startYespoContract>> | null = null;

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
});
afterEach(async () => {
  await yespo?.close();
  yespo = null;
});
afterAll(async () => {
  await dispose();
});

const orders = (count: number, tag: string): StagedRowInput[] =>
  numberedRows(count, (row) => ({ row, email: `${tag}${row}@example.com`, event_name: "order", time: `2024-03-01 10:${String(row % 60).padStart(2, "0")}`, params: {} }));

/** Real waits, short retries: the budget's slots and Retry-After are kept to for real. */
const realTime = (concurrency: number): ForwardOptions => ({
  policy: { maxAttempts: 20, baseDelayMs: 50, maxDelayMs: 2_000, patienceMs: 60_000 },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  concurrency,
});

function destination(url: string, limitPerSecond: number) {
  return yespoDestination({
    baseUrl: url, apiKey: KEY, timeZone: "UTC", triggerWindowHours: 72, allowDelete: false,
    budgetOf: (identity) => requestBudget(database.sql, identity, limitPerSecond),
  });
}

/** How often each event reached the contract server, and how many reached it more than once. */
function copies(received: { keyValue: string }[]) {
  const seen = new Map<string, number>();
  for (const event of received) seen.set(yespoEventKey(event as never), (seen.get(yespoEventKey(event as never)) ?? 0) + 1);
  return { distinct: seen.size, doubled: [...seen.values()].filter((n) => n > 1).length };
}

describe("requests in flight", () => {
  it("keeps several requests in flight, within the account's limit, and delivers every event once", async () => {
    yespo = await startYespoContract(KEY, { pace: { latencyMs: 150, requestsPerSecond: 20 } });
    const id = await stageTestImport(database.sql, orders(8_000, "pace"), { destination: "yespo" });
    const outcome = await runImport(database.sql, id, destination(yespo.url, 20), realTime(8));
    expect(outcome).toMatchObject({ finished: true, status: "succeeded", counts: { delivered: 8_000 } });
    expect(yespo.pace.maxInFlight).toBeGreaterThan(1);
    expect(yespo.pace.throttled).toBe(0);
    expect(copies(yespo.pastEvents)).toEqual({ distinct: 8_000, doubled: 0 });
  });

  it("shrinks the shared budget in a storm of 429s, waits out Retry-After, and grows it back once answers come", async () => {
    // The platform takes 2 requests a second where the budget was configured for 40.
    yespo = await startYespoContract(KEY, { pace: { latencyMs: 20, requestsPerSecond: 2 } });
    const target = destination(yespo.url, 40);
    const id = await stageTestImport(database.sql, orders(4_000, "storm"), { destination: "yespo" });
    const outcome = await runImport(database.sql, id, target, realTime(6));
    expect(outcome).toMatchObject({ finished: true, status: "succeeded", counts: { delivered: 4_000 } });
    expect(yespo.pace.throttled).toBeGreaterThan(0);
    expect(copies(yespo.pastEvents)).toEqual({ distinct: 4_000, doubled: 0 });
    const shrunk = (await readBudget(database.sql, target.identity))!.rate;
    expect(shrunk).toBeLessThan(40 * PACE_SHARE / 2);

    // The same account at its full pace again: answers that are not 429s give the budget back.
    const port = Number(new URL(yespo.url).port);
    await yespo.close();
    yespo = await startYespoContract(KEY, { port, pace: { latencyMs: 5 } });
    const again = await stageTestImport(database.sql, orders(10_000, "calm"), { destination: "yespo" });
    const calm = await runImport(database.sql, again, destination(yespo.url, 40), realTime(6));
    expect(calm).toMatchObject({ finished: true, status: "succeeded", counts: { delivered: 10_000 } });
    expect(yespo.pace.throttled).toBe(0);
    expect((await readBudget(database.sql, target.identity))!.rate).toBeGreaterThan(shrunk + 5);
  }, 120_000);
});

describe("claims", () => {
  it("delivers each event once when two imports of the same file run at the same moment", async () => {
    yespo = await startYespoContract(KEY, { pace: { latencyMs: 30 } });
    const rows = orders(5_000, "twice");
    const [first, second] = await Promise.all([0, 1].map(() => stageTestImport(database.sql, rows, { destination: "yespo" })));
    const outcomes = await Promise.all([first, second].map((id) => runImport(database.sql, id, destination(yespo!.url, 1_000), realTime(4))));
    for (const outcome of outcomes) expect(outcome).toMatchObject({ finished: true, counts: { total: 5_000, rejected: 0 } });
    const counts = outcomes.map((outcome) => (outcome.finished ? outcome.counts : null)!);
    expect(counts[0].delivered + counts[1].delivered).toBe(5_000);
    expect(counts[0].duplicates + counts[1].duplicates).toBe(5_000);
    expect(copies(yespo.pastEvents)).toEqual({ distinct: 5_000, doubled: 0 });
    // One ledger entry an event, each standing for a delivered row, and both leases ended.
    const ledger = await database.sql.query<{ n: number; delivered: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE s.state = 'delivered')::int AS delivered
       FROM delivered_events d JOIN staged_rows s ON s.import_id = d.import_id AND s.row_number = d.row_number
       WHERE d.import_id = ANY($1::uuid[])`, [[first, second]]);
    expect(ledger).toEqual([{ n: 5_000, delivered: 5_000 }]);
    const leases = await database.sql.query(`SELECT 1 FROM imports WHERE id = ANY($1::uuid[]) AND claims_expire_at IS NOT NULL`, [[first, second]]);
    expect(leases).toEqual([]);
  });

  it("takes over the claims of an import whose worker died: its own next try at once, another import once its lease has passed", async () => {
    yespo = await startYespoContract(KEY, { pace: { latencyMs: 5 } });
    const target = destination(yespo.url, 1_000);
    const rows = orders(1_500, "dead");
    const dead = await stageTestImport(database.sql, rows, { destination: "yespo" });
    // Its worker took a batch and died before sending it: the claims stay, under a lease that holds.
    await (await holdClaims(database.sql, dead)).stop();
    const taken = await takeBatch(database.sql, dead, target.identity, 0);
    expect(taken).toMatchObject({ events: { length: 500 }, waiting: 0 });

    // Another import meets them: it neither sends those events nor calls them duplicates while the lease holds.
    const other = await stageTestImport(database.sql, rows, { destination: "yespo" });
    const blocked = await takeBatch(database.sql, other, target.identity, 0);
    expect(blocked).toMatchObject({ events: { length: 0 }, duplicates: 0, waiting: 500 });
    await database.sql.query(`UPDATE imports SET status = 'cancelled', error = 'Cancelled by the test' WHERE id = $1`, [other]);
    await runImport(database.sql, other, target, realTime(2));

    // The dead import's next try takes its own claims back at once and delivers everything once.
    const resumed = await runImport(database.sql, dead, target, realTime(2));
    expect(resumed).toMatchObject({ finished: true, status: "succeeded", counts: { delivered: 1_500 } });

    // A third import's worker dies holding claims, and no try follows: once the lease has passed,
    // an import of the same events takes them over.
    const fresh = orders(600, "lapsed");
    const lapsed = await stageTestImport(database.sql, fresh, { destination: "yespo" });
    await (await holdClaims(database.sql, lapsed)).stop();
    await takeBatch(database.sql, lapsed, target.identity, 0);
    await database.sql.query(`UPDATE imports SET claims_expire_at = now() - interval '1 second' WHERE id = $1`, [lapsed]);
    const heir = await stageTestImport(database.sql, fresh, { destination: "yespo" });
    expect(await runImport(database.sql, heir, target, realTime(2))).toMatchObject({ finished: true, counts: { delivered: 600 } });
    expect(copies(yespo.pastEvents)).toEqual({ distinct: 2_100, doubled: 0 });
  });
});
