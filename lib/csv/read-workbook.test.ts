import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { RowOutcome } from "@/lib/events/validator";
import { DAYS_1900_TO_1904, dateCell, formulaCell, workbookBytes, type SheetCell } from "@/lib/testing/workbooks";
import { readEventsFile, type ReadOptions } from "./read-events-file";
import { bytesSource } from "./source";

const NOW = Date.parse("2026-11-22T12:00:00Z");
/** 2024-01-15 10:30 in Excel's 1900 date system. */
const SERIAL_1900 = 45306.4375;
const HEADER = ["email", "event_name", "time"];

async function read(bytes: Uint8Array, options: Partial<ReadOptions> = {}) {
  const rows: { outcome: RowOutcome; fields: string[] }[] = [];
  const result = await readEventsFile(bytesSource(bytes), {
    timeZone: "Europe/Kyiv", nowMs: NOW, onRow: (outcome, fields) => rows.push({ outcome, fields: [...fields] }), ...options,
  });
  return { ...result, rows };
}

const oneSheet = (rows: SheetCell[][], options: { date1904?: boolean } = {}) => workbookBytes([{ name: "Events", rows }], options);

describe("reading a workbook", () => {
  it("reads a typed date as the wall time it shows, in the import's zone, with no question of day and month", async () => {
    const result = await read(oneSheet([HEADER, ["ann@example.com", "purchase", dateCell(SERIAL_1900)], ["bob@example.com", "visit", dateCell(45306, "m/d/yy")]]));
    expect(result.error).toBeNull();
    expect(result.workbook).toEqual({ sheet: "Events", sheets: ["Events"], date1904: false });
    expect(result.rows.map((row) => row.fields[2])).toEqual(["2024-01-15 10:30:00", "2024-01-15"]);
    // Kyiv is two hours ahead of UTC in January.
    expect(new Date(result.rows[0].outcome.event!.occurredMs).toISOString()).toBe("2024-01-15T08:30:00.000Z");
    expect(new Date(result.rows[1].outcome.event!.occurredMs).toISOString()).toBe("2024-01-14T22:00:00.000Z");
    expect(result.dateOrder.finding.ambiguous).toBe(0);
  });

  it("counts the dates of a 1904 workbook from 1904, so they read as the same days", async () => {
    const result = await read(oneSheet([HEADER, ["ann@example.com", "purchase", dateCell(SERIAL_1900 - DAYS_1900_TO_1904)]], { date1904: true }));
    expect(result.workbook?.date1904).toBe(true);
    expect(result.rows[0].fields[2]).toBe("2024-01-15 10:30:00");
    expect(result.rows[0].outcome.errors).toEqual([]);
  });

  it("reads a formula's cached value, and numbers as the cells show their digits", async () => {
    const result = await read(oneSheet([
      [...HEADER, "price", "zip", "total", "share", "ratio"],
      ["ann@example.com", "purchase", dateCell(SERIAL_1900), { t: "n", v: 1.5, z: "0.00" }, { t: "n", v: 123, z: "00000" },
        formulaCell("D2*2", 3), { t: "n", v: 0.125, z: "0.0%" }, 0.1 + 0.2],
      ["bob@example.com", formulaCell('"sign" & "up"', "signup"), dateCell(SERIAL_1900), { t: "n", v: 1234.5, z: "#,##0.00" }, 7, formulaCell("1/0", 0), true, { t: "e", v: 0x2a }],
    ]));
    expect(result.rows[0].outcome.event?.params).toEqual({ price: "1.50", zip: "00123", total: "3", share: "12.5%", ratio: "0.3" });
    expect(result.rows[1].outcome.event?.eventName).toBe("signup");
    expect(result.rows[1].fields.slice(3)).toEqual(["1234.50", "7", "0", "TRUE", "#N/A"]);
  });

  it("numbers rows as the sheet does, below title rows and blank rows, and keeps rejected rows' numbers", async () => {
    const result = await read(oneSheet([
      ["Orders report"], [], HEADER, ["ann@example.com", "purchase", dateCell(SERIAL_1900)], [], ["not an address", "visit", dateCell(SERIAL_1900)],
    ]));
    expect(result.headerRow).toBe(3);
    expect(result.rows.map((row) => row.outcome.row)).toEqual([4, 6]);
    expect(result.counts).toMatchObject({ total: 2, valid: 1, invalid: 1 });
  });

  it("reads the header row the user names", async () => {
    const result = await read(oneSheet([["Export", "of", "events"], ["mail", "what", "when"], ["ann@example.com", "purchase", dateCell(SERIAL_1900)]]), {
      headerRow: 2, columns: { map: { email: "mail", event_name: "what", time: "when" } },
    });
    expect(result.headerRow).toBe(2);
    expect(result.counts).toMatchObject({ total: 1, valid: 1 });
  });

  it("asks which sheet when there are several, and reads the one named", async () => {
    const bytes = workbookBytes([
      { name: "Notes", rows: [["Exported from the shop"]] },
      { name: "Orders", rows: [HEADER, ["ann@example.com", "purchase", dateCell(SERIAL_1900)]] },
    ]);
    const asked = await read(bytes);
    expect(asked.error).toMatchObject({ code: "CHOOSE_SHEET", message: expect.stringContaining('"Notes", "Orders"') });
    expect(asked.workbook).toEqual({ sheet: null, sheets: ["Notes", "Orders"], date1904: false });
    const chosen = await read(bytes, { sheet: "Orders" });
    expect(chosen.error).toBeNull();
    expect(chosen.counts).toMatchObject({ total: 1, valid: 1 });
    const empty = await read(workbookBytes([{ name: "Orders", rows: [HEADER] }, { name: "Blank", rows: [] }]), { sheet: "Blank" });
    expect(empty.error).toEqual({ code: "EMPTY_FILE", message: 'The sheet "Blank" is empty: choose the sheet that holds the events.' });
    const missing = await read(bytes, { sheet: "Sales" });
    expect(missing.error?.message).toBe('This workbook has no sheet "Sales". Its sheets are "Notes", "Orders".');
  });

  it("reads an .xlsm workbook as an .xlsx one", async () => {
    const bytes = workbookBytes([{ name: "Events", rows: [HEADER, ["ann@example.com", "purchase", dateCell(SERIAL_1900)]] }], { bookType: "xlsm" });
    expect((await read(bytes)).counts).toMatchObject({ total: 1, valid: 1 });
  });

  it("refuses an old .xls workbook with what to do instead", async () => {
    const result = await read(new Uint8Array(readFileSync(new URL("./fixtures/old-workbook.csv", import.meta.url))));
    expect(result.error?.code).toBe("NOT_CSV");
    expect(result.error?.message).toContain("old Excel workbook (.xls)");
    expect(result.error?.message).toContain("save it as an Excel Workbook (.xlsx) or as CSV UTF-8");
  });

  it("refuses a zipped file that is no workbook", async () => {
    const result = await read(new Uint8Array(readFileSync(new URL("./fixtures/renamed-workbook.csv", import.meta.url))));
    expect(result.error).toMatchObject({ code: "NOT_CSV", message: expect.stringContaining("not an Excel workbook") });
  });
});
