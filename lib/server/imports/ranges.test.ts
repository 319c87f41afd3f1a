import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { webhookDestination } from "@/lib/server/destinations/webhook";
import { numberedRows, stageTestImport } from "@/lib/server/testing/imports";
import { recordedRetries } from "@/lib/server/testing/retry";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { requestCancel } from "./cancel";
import { planRanges } from "./ranges";
import { runImport, runRange } from "./run-import";

/**
 * Ranges (decision 018) in one process, on PGlite and on PostgreSQL with TEST_DATABASE_URL: how an
 * import is marked out, and how its ranges, worked side by side, end it once, cancelled or failed
 * included. lib/server/jobs/ranges.test.ts runs them in worker processes, one of them killed.
 */
let database: Database;
let dispose: () => Promise<void>;
const { options } = recordedRetries();

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
});
afterAll(() => dispose());

const rows = (count: number, tag: string) =>
  numberedRows(count, (row) => ({ row, email: `${tag}${row}@example.com`, event_name: "visit", time: String(1_690_000_000 + row), params: {} }));

const countsOf = async (id: string) =>
  (await database.sql.query<{ status: string; total: number; delivered: number; duplicates: number; rejected: number }>(
    `SELECT status, total, delivered, duplicates, rejected FROM imports WHERE id = $1`, [id]))[0];

describe("marking out ranges", () => {
  it("covers every row once, in spans of about the given size, and none for an import of fewer than two", async () => {
    const id = await stageTestImport(database.sql, rows(2_600, "plan"), { fileName: "plan.csv" });
    const ranges = await planRanges(database.sql, id, 1_000);
    expect(ranges.map((range) => [range.afterRow, range.lastRow])).toEqual([[1, 1301], [1301, 2601]]);
    expect(ranges.every((range) => range.forwardedThrough === range.afterRow && !range.finished)).toBe(true);
    // Asked again, the same ranges.
    expect(await planRanges(database.sql, id, 500)).toEqual(ranges);
    const small = await stageTestImport(database.sql, rows(1_999, "small"), { fileName: "small.csv" });
    expect(await planRanges(database.sql, small, 1_000)).toEqual([]);
  });
});

describe("an import in ranges", () => {
  it("is delivered by its ranges side by side, every row once, and finished by the last of them", async () => {
    const id = await stageTestImport(database.sql, rows(5_000, "side"), { fileName: "side.csv" });
    const outcome = await runImport(database.sql, id, null, { ...options, rowsPerRange: 1_000 });
    expect(outcome).toMatchObject({ finished: false, ranges: [0, 1, 2, 3, 4] });
    const ends = await Promise.all([0, 1, 2, 3, 4].map((range) => runRange(database.sql, id, range, null, options)));
    expect(ends.filter((end) => end.finished)).toHaveLength(1);
    expect(await countsOf(id)).toEqual({ status: "succeeded", total: 5_000, delivered: 5_000, duplicates: 0, rejected: 0 });
    const [stored] = await database.sql.query<{ n: number }>(`SELECT count(DISTINCT dedup_key)::int AS n FROM events WHERE import_id = $1`, [id]);
    expect(stored.n).toBe(5_000);
    // A range's job run again, or the import's, finds nothing left to do.
    expect(await runRange(database.sql, id, 2, null, options)).toMatchObject({ finished: false });
    expect(await runImport(database.sql, id, null, { ...options, rowsPerRange: 1_000 })).toMatchObject({ finished: false, reason: "already succeeded" });
  });

  it("cancelled midway, is settled once every range has stopped: what was stored stays delivered, the rest rejected", async () => {
    const id = await stageTestImport(database.sql, rows(4_000, "cancel"), { fileName: "cancel.csv" });
    await runImport(database.sql, id, null, { ...options, rowsPerRange: 1_000 });
    await runRange(database.sql, id, 0, null, options);
    expect(await requestCancel(database.sql, id, "ann@example.com")).toBe(true);
    expect(await runRange(database.sql, id, 1, null, options)).toMatchObject({ finished: false });
    expect((await countsOf(id)).status).toBe("cancelled");
    await runRange(database.sql, id, 2, null, options);
    const last = await runRange(database.sql, id, 3, null, options);
    expect(last).toMatchObject({ finished: true, status: "cancelled" });
    expect(await countsOf(id)).toEqual({ status: "cancelled", total: 4_000, delivered: 1_000, duplicates: 0, rejected: 3_000 });
  });

  it("stops every range when one fails, and fails the import with that range's reason", async () => {
    const id = await stageTestImport(database.sql, rows(3_000, "fail"), { fileName: "fail.csv", destination: "webhook" });
    // Nothing answers there: each request fails until its attempts are spent, and the range fails.
    const refusing = webhookDestination({ url: "http://127.0.0.1:1/hooks/backfill", secret: "ranges-unreachable-secret-01" });
    const { waits, options } = recordedRetries();
    await runImport(database.sql, id, refusing, { ...options, rowsPerRange: 1_000 });
    expect(await runRange(database.sql, id, 1, refusing, options)).toMatchObject({ finished: false });
    await runRange(database.sql, id, 0, refusing, options);
    const last = await runRange(database.sql, id, 2, refusing, options);
    expect(last).toMatchObject({ finished: true, status: "failed" });
    // The range that failed tried one request, five times; the others, seeing it, tried none.
    expect(waits).toHaveLength(4);
    const counts = await countsOf(id);
    expect(counts).toEqual({ status: "failed", total: 3_000, delivered: 0, duplicates: 0, rejected: 3_000 });
    const reasons = await database.sql.query<{ reason: string }>(`SELECT DISTINCT reason FROM staged_rows WHERE import_id = $1`, [id]);
    expect(reasons).toHaveLength(1);
    expect(reasons[0].reason).toMatch(/still failed after 5 attempts/);
  });
});
