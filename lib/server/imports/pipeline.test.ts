import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadStagingHashers, type StagingHashers } from "@/lib/events/dedup";
import type { Database } from "@/lib/server/db/client";
import { createTestImport } from "@/lib/server/testing/imports";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { markQueued } from "./lifecycle";
import { loadRejectedRows } from "./report";
import { runImport } from "./run-import";
import type { StagedRowInput } from "@/lib/contract/staged-rows";
import { stageRows } from "./stage";

let database: Database;
let dispose: () => Promise<void>;
let hasher: StagingHashers;

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  hasher = await loadStagingHashers();
});
afterAll(() => dispose());

const createImport = (fileName: string): Promise<string> => createTestImport(database.sql, { fileName, params: ["plan"] });

const rows = (from: number, count: number, extra: Partial<StagedRowInput> = {}): StagedRowInput[] =>
  Array.from({ length: count }, (_, i) => ({
    row: from + i,
    email: `user${from + i}@example.com`,
    event_name: "signup",
    time: `2020-01-01 10:${String(i % 60).padStart(2, "0")}`,
    params: { plan: "pro" },
    ...extra,
  }));

const commit = (importId: string) => markQueued(database.sql, importId);

describe("the import pipeline into the built-in store", () => {
  it("rejects a row the browser cut short to send it, with the browser's reason, whatever its cut values say", async () => {
    const importId = await createImport("cut.csv");
    const [row] = rows(2, 1);
    const result = await stageRows(database.sql, hasher, {
      importId, seq: 0, timeZone: "UTC", rows: [{ ...row, cut: "The row was too long to import (5,000,033 characters); `plan` is cut short here." }],
    });
    expect(result).toMatchObject({ staged: 1, rejected: 1 });
    const [stored] = await database.sql.query<{ state: string; reason: string }>(`SELECT state, reason FROM staged_rows WHERE import_id = $1`, [importId]);
    expect(stored).toEqual({ state: "rejected", reason: "The row was too long to import (5,000,033 characters); `plan` is cut short here." });
  });

  it("stages batches once, checks rows again, and delivers each event once", async () => {
    const importId = await createImport("first.csv");
    const first = await stageRows(database.sql, hasher, { importId, seq: 0, rows: rows(2, 500), timeZone: "UTC" });
    expect(first).toEqual({ staged: 500, rejected: 0, alreadyStaged: false });
    const again = await stageRows(database.sql, hasher, { importId, seq: 0, rows: rows(2, 500), timeZone: "UTC" });
    expect(again.alreadyStaged).toBe(true);
    const bad = [
      ...rows(502, 3),
      { row: 505, email: "nope", event_name: "signup", time: "2020-02-30", params: {} },
      { ...rows(2, 1)[0], row: 506 },
    ];
    const second = await stageRows(database.sql, hasher, { importId, seq: 1, rows: bad, timeZone: "UTC" });
    expect(second.rejected).toBe(1);
    await commit(importId);

    const outcome = await runImport(database.sql, importId);
    expect(outcome).toMatchObject({
      finished: true,
      status: "partial",
      counts: { total: 505, pending: 0, delivered: 503, duplicates: 1, rejected: 1 },
    });
    const [stored] = await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`);
    expect(stored.n).toBe(503);
    const [reason] = await database.sql.query<{ reason: string }>(
      `SELECT reason FROM staged_rows WHERE import_id = $1 AND row_number = 505`, [importId]);
    expect(reason.reason).toContain("is not an email address");
  });

  it("stores nothing twice when the same file is imported again", async () => {
    const importId = await createImport("first-again.csv");
    await stageRows(database.sql, hasher, { importId, seq: 0, rows: rows(2, 500), timeZone: "UTC" });
    await commit(importId);
    const outcome = await runImport(database.sql, importId);
    expect(outcome).toMatchObject({ finished: true, status: "succeeded", counts: { delivered: 0, duplicates: 500 } });
    const [stored] = await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`);
    expect(stored.n).toBe(503);
  });

  it("does not run an import twice", async () => {
    const importId = await createImport("once.csv");
    await stageRows(database.sql, hasher, { importId, seq: 0, rows: rows(9000, 10), timeZone: "UTC" });
    await commit(importId);
    expect((await runImport(database.sql, importId)).finished).toBe(true);
    expect(await runImport(database.sql, importId)).toEqual({ finished: false, reason: "already succeeded" });
  });

  it("keeps a row left out in the review as rejected, never delivered, with its values for the rejected-rows CSV", async () => {
    const importId = await createImport("left-out.csv");
    const [kept, leftOut] = rows(9002, 2);
    await stageRows(database.sql, hasher, { importId, seq: 0, timeZone: "UTC", rows: [kept, { ...leftOut, leftOut: true }] });
    await commit(importId);
    const outcome = await runImport(database.sql, importId);
    expect(outcome).toMatchObject({ finished: true, status: "partial", counts: { total: 2, delivered: 1, rejected: 1 } });
    const rejected = await loadRejectedRows(database.sql, importId);
    expect(rejected).toEqual([{ rowNumber: 9003, email: "user9003@example.com", eventName: "signup", time: "2020-01-01 10:01", params: { plan: "pro" }, reason: "Left out in review" }]);
  });
});
