import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { stageTestImport } from "@/lib/server/testing/imports";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { requestCancel } from "./cancel";
import { forwardNextBuiltinBatch, markRepeatedRows } from "./forward";
import { loadRejectedRows } from "./report";
import { runImport } from "./run-import";
import type { StagedRowInput } from "@/lib/contract/staged-rows";

let database: Database;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
});
afterAll(() => dispose());

const rows = (from: number, count: number): StagedRowInput[] =>
  Array.from({ length: count }, (_, i) => ({ row: from + i, email: `c${from + i}@example.com`, event_name: "order", time: "2022-01-01 10:00", params: {} }));

const queuedImport = (count: number): Promise<string> => stageTestImport(database.sql, rows(2, count), { fileName: "c.csv" });

describe("cancelling an import", () => {
  it("stops after the batch in flight and rejects the rest with who cancelled it, the counts adding up", async () => {
    const id = await queuedImport(1_200);
    await database.sql.query(`UPDATE imports SET status = 'running' WHERE id = $1`, [id]);
    await markRepeatedRows(database.sql, id);
    // One batch delivered, as by a worker, before the cancel arrives.
    expect(await forwardNextBuiltinBatch(database.sql, id)).toBe(true);
    expect(await requestCancel(database.sql, id, "ann@example.com")).toBe(true);
    const outcome = await runImport(database.sql, id);
    expect(outcome).toEqual({ finished: true, status: "cancelled", counts: { total: 1_200, pending: 0, delivered: 500, duplicates: 0, rejected: 700 } });
    const [row] = await database.sql.query<{ status: string; delivered: number; rejected: number; finished: boolean }>(
      `SELECT status, delivered, rejected, finished_at IS NOT NULL AS finished FROM imports WHERE id = $1`, [id]);
    expect(row).toEqual({ status: "cancelled", delivered: 500, rejected: 700, finished: true });
    const rejected = await loadRejectedRows(database.sql, id);
    expect(rejected).toHaveLength(700);
    expect(rejected[0]).toMatchObject({ rowNumber: 502, reason: "Cancelled by ann@example.com" });
    expect(await runImport(database.sql, id)).toEqual({ finished: false, reason: "already cancelled" });
  });

  it("refuses to cancel an import that has finished", async () => {
    const id = await queuedImport(3);
    expect((await runImport(database.sql, id)).finished).toBe(true);
    expect(await requestCancel(database.sql, id, "ann@example.com")).toBe(false);
  });
});
