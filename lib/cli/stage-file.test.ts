import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bytesSource } from "@/lib/csv/source";
import { loadStagingHashers } from "@/lib/events/dedup";
import { importColumns } from "@/lib/csv/rejected-rows";
import type { Sql } from "@/lib/server/db/sql";
import { markRepeatedRows } from "@/lib/server/imports/forward";
import { discardStagingImport } from "@/lib/server/imports/discard";
import { createImport } from "@/lib/server/imports/lifecycle";
import { stageRows } from "@/lib/server/imports/stage";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { EVENTS_PER_BATCH } from "@/lib/contract/staged-rows";
import { dateCell, workbookBytes } from "@/lib/testing/workbooks";
import { MAX_WAITING_ROWS, stageFile, type StageFileOptions } from "./stage-file";

/** Staging while reading, into a real database: every row once, and only a few batches in memory. */
let sql: Sql;
let dispose: () => Promise<void>;
beforeAll(async () => {
  const db = await openTestDb();
  sql = db.database.sql;
  dispose = db.dispose;
});
afterAll(() => dispose());

function windows1252File(rows: number, accentedRow: number): Uint8Array {
  const lines = ["email,event_name,time,city"];
  for (let n = 2; n <= rows + 1; n++) lines.push(`u${n}@example.com,visit,${1_600_000_000 + n},${n === accentedRow ? "Zoë" : "Lyon"}`);
  // Windows-1252 writes "ë" as the one byte 0xEB, which is not UTF-8: only that row shows it.
  const text = `${lines.join("\r\n")}\r\n`;
  return Uint8Array.from(text, (char) => (char === "ë" ? 0xeb : char.charCodeAt(0)));
}

async function stage(bytes: Uint8Array, extra: Partial<StageFileOptions> = {}) {
  const file = bytesSource(bytes);
  // The real reader on the real bytes: only how many of them it asks for is counted.
  let bytesRead = 0;
  const source = { size: file.size, read: async (start: number, end: number) => {
    const read = await file.read(start, end);
    bytesRead += read.length;
    return read;
  } };
  const hasher = await loadStagingHashers();
  const begun: string[] = [];
  const restarts: string[] = [];
  const result = await stageFile({
    source,
    timeZone: "UTC",
    nowMs: Date.now(),
    maxRows: 10_000_000,
    begin: async (headers, mapping) => {
      const created = await createImport(sql, {
        fileName: "shop.csv", columns: importColumns(headers, mapping), timeZone: "UTC", triggerCampaigns: false,
        notifyEmail: null, destination: "builtin", createdBy: null,
      });
      begun.push(created.importId);
      return created.importId;
    },
    stage: async (importId, seq, rows) => void (await stageRows(sql, hasher, { importId, seq, rows, timeZone: "UTC" })),
    discard: async (importId) => void (await discardStagingImport(sql, importId)),
    onRestart: (why) => restarts.push(why),
    ...extra,
  });
  return { bytesRead, begun, restarts, ...result };
}

describe("staging a file while it is read", () => {
  it("reads a UTF-8 file once, never starting again", async () => {
    const bytes = windows1252File(3_000, 0);
    const { bytesRead, restarts, rowsStaged } = await stage(bytes);
    expect(rowsStaged).toBe(3_000);
    expect(restarts).toEqual([]);
    // The sniff of the first bytes, then each byte once.
    expect(bytesRead).toBeLessThanOrEqual(bytes.length + 16);
  });

  it("starts again as Windows-1252 when a late byte is not UTF-8, discarding what it staged, each row then staged once", async () => {
    const rows = 6_000;
    const { read, importId, rowsStaged, begun, restarts } = await stage(windows1252File(rows, 5_800));
    expect(read?.file?.encoding).toBe("windows-1252");
    expect(restarts).toHaveLength(1);
    expect(begun).toHaveLength(2);
    expect(begun[1]).toBe(importId);
    const earlier = await sql.query(`SELECT 1 FROM staged_rows WHERE import_id = $1 UNION ALL SELECT 1 FROM imports WHERE id = $1`, [begun[0]]);
    expect(earlier).toEqual([]);
    expect(rowsStaged).toBe(rows);
    const [counts] = await sql.query<{ n: number; distinct_rows: number; batches: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT row_number)::int AS distinct_rows,
              (SELECT count(*)::int FROM staged_batches WHERE import_id = $1) AS batches
       FROM staged_rows WHERE import_id = $1`,
      [importId],
    );
    expect(counts).toEqual({ n: rows, distinct_rows: rows, batches: rows / EVENTS_PER_BATCH });
    const [accented] = await sql.query<{ city: string }>(
      `SELECT params->>'city' AS city FROM staged_rows WHERE import_id = $1 AND row_number = 5800`,
      [importId],
    );
    expect(accented.city).toBe("Zoë");
  });

  it("holds a few batches at a time, however long the file", async () => {
    const rows = 40_000;
    const { rowsStaged, mostRowsHeld } = await stage(windows1252File(rows, 0));
    expect(rowsStaged).toBe(rows);
    // Waiting rows, plus the rows of the two chunks read ahead (64 KiB, about 1,500 of these rows each).
    expect(mostRowsHeld).toBeGreaterThan(0);
    expect(mostRowsHeld).toBeLessThan(MAX_WAITING_ROWS + 4_000);
  });

  it("stages a workbook's sheet with its row numbers and typed dates, holding a few batches of it", async () => {
    const rows: (string | ReturnType<typeof dateCell>)[][] = [["Export"], ["email", "event_name", "time"]];
    for (let n = 0; n < 6_000; n++) rows.push([`u${n}@example.com`, "visit", dateCell(45306 + n / 1440)]);
    const { read, importId, rowsStaged, mostRowsHeld } = await stage(workbookBytes([{ name: "Visits", rows }]));
    expect(read?.workbook?.sheet).toBe("Visits");
    expect(rowsStaged).toBe(6_000);
    expect(mostRowsHeld).toBeLessThanOrEqual(MAX_WAITING_ROWS + EVENTS_PER_BATCH);
    const [first] = await sql.query<{ row_number: number; time: string }>(
      `SELECT row_number, time_text AS time FROM staged_rows WHERE import_id = $1 ORDER BY row_number LIMIT 1`, [importId],
    );
    expect(first).toEqual({ row_number: 3, time: "2024-01-15 00:00:00" });
  });

  it("keeps no per-row memory for repeated rows: the database marks them before delivery", async () => {
    const lines = ["email,event_name,time"];
    for (let n = 0; n < 1_200; n++) lines.push(`same@example.com,visit,1600000000`);
    const { read, importId } = await stage(new TextEncoder().encode(`${lines.join("\n")}\n`));
    expect(read?.counts).toEqual({ total: 1_200, valid: 1_200, invalid: 0, duplicates: 0 });
    await markRepeatedRows(sql, importId!);
    const states = await sql.query<{ state: string; n: number }>(
      `SELECT state, count(*)::int AS n FROM staged_rows WHERE import_id = $1 GROUP BY state ORDER BY state`,
      [importId],
    );
    expect(states).toEqual([{ state: "duplicate", n: 1_199 }, { state: "pending", n: 1 }]);
  });

  it("stops reading when asked, with no call left half done", async () => {
    const stop = new AbortController();
    let calls = 0;
    const hasher = await loadStagingHashers();
    const { read, importId, rowsStaged } = await stage(windows1252File(20_000, 0), {
      signal: stop.signal,
      stage: async (id, seq, rows) => {
        await stageRows(sql, hasher, { importId: id, seq, rows, timeZone: "UTC" });
        if (++calls === 3) stop.abort();
      },
    });
    expect(read).toBeNull();
    const [staged] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM staged_rows WHERE import_id = $1`, [importId]);
    expect(staged.n).toBe(rowsStaged);
    expect(rowsStaged % EVENTS_PER_BATCH).toBe(0);
    expect(rowsStaged).toBeLessThan(20_000);
  });

  it("ends a call only where an order ends when the rows of an order make one event", async () => {
    const lines = ["Name,Email,Created at,Lineitem name"];
    // Orders of three rows: a call of 500 rows would cut every third order.
    for (let n = 2; n <= 1_601; n++) lines.push(`#${Math.floor(n / 3)},u${Math.floor(n / 3)}@example.com,${1_600_000_000 + Math.floor(n / 3)},item ${n}`);
    const calls: { first: string; last: string; rows: number }[] = [];
    const groupBy = { key: "Name", items: ["Lineitem name"] };
    const hasher = await loadStagingHashers();
    const { importId } = await stage(new TextEncoder().encode(lines.join("\n")), {
      orderKey: "Name",
      choices: { columns: { eventName: "order" } },
      stage: async (id, seq, rows) => {
        calls.push({ first: rows[0].params.Name, last: rows.at(-1)!.params.Name, rows: rows.length });
        await stageRows(sql, hasher, { importId: id, seq, rows, timeZone: "UTC", eventName: "order", groupBy });
      },
    });
    expect(calls.map((call) => call.rows)).toEqual([502, 501, 501, 96]);
    for (let k = 1; k < calls.length; k++) expect(calls[k].first).not.toBe(calls[k - 1].last);
    const [counts] = await sql.query<{ events: number; grouped: number }>(
      `SELECT count(*) FILTER (WHERE state = 'pending')::int AS events, count(*) FILTER (WHERE state = 'grouped')::int AS grouped
       FROM staged_rows WHERE import_id = $1`, [importId]);
    expect(counts).toEqual({ events: 534, grouped: 1_066 });
  });
});
