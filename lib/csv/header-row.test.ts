import { describe, expect, it } from "vitest";
import type { RowOutcome } from "@/lib/events/validator";
import { dateCell, workbookBytes } from "@/lib/testing/workbooks";
import { readEventsFile, type ReadOptions } from "./read-events-file";
import { bytesSource } from "./source";

const NOW = Date.parse("2026-11-22T12:00:00Z");
const GERMAN = { map: { email: "Kunde", event_name: "Aktion", time: "Zeitpunkt" } };

async function read(bytes: Uint8Array, options: Partial<ReadOptions> = {}) {
  const rows: RowOutcome[] = [];
  const result = await readEventsFile(bytesSource(bytes), { timeZone: "UTC", nowMs: NOW, requireColumns: false, onRow: (outcome) => rows.push(outcome), ...options });
  return { ...result, rows };
}

/** A report whose header names none of the fields, below a title and a blank line. */
const report = new TextEncoder().encode("Wöchentlicher Export\n\nKunde;Aktion;Zeitpunkt\nann@example.com;kauf;2024-01-15 10:30\nbob@example.com;kauf;2024-01-16 11:00\n");

describe("the header line the user names", () => {
  it("keeps the first lines, so that the wizard can ask which one is the header", async () => {
    const result = await read(report);
    expect(result.headerRow).toBe(1);
    expect(result.firstLines?.map((line) => line.row)).toEqual([1, 3, 4, 5]);
    expect(result.firstLines?.[1].fields).toEqual(["Kunde;Aktion;Zeitpunkt"]);
  });

  it("reads from the line named, with the delimiter that splits it, and the rows keep the file's numbers", async () => {
    const result = await read(report, { headerRow: 3, columns: GERMAN });
    expect(result.file?.delimiter).toBe(";");
    expect(result.headers).toEqual(["Kunde", "Aktion", "Zeitpunkt"]);
    expect(result.headerRow).toBe(3);
    expect(result.rows.map((row) => [row.row, row.event?.email])).toEqual([[4, "ann@example.com"], [5, "bob@example.com"]]);
    expect(result.firstLines?.map((line) => line.row)).toEqual([1, 3, 4, 5]);
  });

  it("does the same in a workbook's sheet", async () => {
    const bytes = workbookBytes([{ name: "Export", rows: [["Wöchentlicher Export"], [], ["Kunde", "Aktion", "Zeitpunkt"], ["ann@example.com", "kauf", dateCell(45306.4375)]] }]);
    const asked = await read(bytes);
    expect(asked.firstLines?.map((line) => line.row)).toEqual([1, 3, 4]);
    const result = await read(bytes, { headerRow: 3, columns: GERMAN });
    expect(result.headers).toEqual(["Kunde", "Aktion", "Zeitpunkt"]);
    expect(result.rows.map((row) => [row.row, new Date(row.event!.occurredMs).toISOString()])).toEqual([[4, "2024-01-15T10:30:00.000Z"]]);
  });
});
