import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { RowOutcome } from "@/lib/events/validator";
import { readEventsFile, type ReadOptions } from "./read-events-file";
import { bytesSource } from "./source";

const NOW = Date.parse("2026-11-22T12:00:00Z");
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

async function read(bytes: Uint8Array, options: Partial<ReadOptions> = {}) {
  const rows: RowOutcome[] = [];
  const result = await readEventsFile(bytesSource(bytes), {
    timeZone: "UTC",
    nowMs: NOW,
    onRow: (outcome) => rows.push(outcome),
    onRestart: () => rows.splice(0),
    ...options,
  });
  return { ...result, rows };
}

describe("readEventsFile", () => {
  it("reads Vero's example format, with offsets, quoted commas and spreadsheet row numbers", async () => {
    const result = await read(fixture("vero-example.csv"));
    expect(result.error).toBeNull();
    expect(result.file).toEqual({ encoding: "utf-8", delimiter: ",", newline: "\r\n" });
    expect(result.counts).toEqual({ total: 3, valid: 2, invalid: 1, duplicates: 0 });
    expect(result.rows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(result.rows[0].event).toEqual({
      email: "ann@example.com",
      eventName: "purchase",
      occurredMs: Date.parse("2015-0114T15:15:00Z".replace("0114", "01-14")),
      params: { city: "Los Angeles" },
    });
    expect(result.rows[1].event?.params).toEqual({ city: "Austin, TX" });
    expect(result.rows[2].errors.map((e) => e.field)).toEqual(["email", "time"]);
  });

  it("reads Excel's semicolon export with a BOM, reading times in the chosen zone", async () => {
    const result = await read(fixture("excel-semicolon-bom.csv"), { timeZone: "Europe/Berlin" });
    expect(result.file).toMatchObject({ encoding: "utf-8-bom", delimiter: ";" });
    expect(result.headers).toEqual(["E-Mail", "Event Name", "Date", "Betrag"]);
    expect(result.rows[0].event?.params).toEqual({ Betrag: "12,50" });
    expect(new Date(result.rows[0].event!.occurredMs).toISOString()).toBe("2021-03-28T01:30:00.000Z");
    expect(result.rows[1].event?.email).toBe("jörg@beispiel.de");
  });

  it.each([
    ["excel-unicode-text-utf16le.csv", "utf-16le"],
    ["utf16be.csv", "utf-16be"],
  ])("reads %s (tab-separated UTF-16)", async (name, encoding) => {
    const result = await read(fixture(name));
    expect(result.file).toMatchObject({ encoding, delimiter: "\t" });
    expect(result.counts).toMatchObject({ total: 2, valid: 2 });
    expect(result.rows.map((r) => r.event?.params.note)).toEqual(["Δοκιμή", "中文"]);
    expect(result.rows[0].event?.email).toBe("zoë@example.com");
  });

  it("falls back to Windows-1252 when the bytes are not UTF-8, and says so", async () => {
    let restarts = 0;
    const result = await read(fixture("windows-1252.csv"), { onRestart: () => restarts++ });
    expect(result.file?.encoding).toBe("windows-1252");
    expect(result.rows.map((r) => r.event?.params.name)).toEqual(["café", "Müller"]);
    expect(restarts).toBe(1);
  });

  it("restarts cleanly when the first bad byte comes after rows were already reported", async () => {
    const lines = ["email,event_name,time,name"];
    for (let i = 0; i < 200; i++) lines.push(`u${i}@example.com,visit,2020-01-01,plain`);
    lines.push("z@example.com,visit,2020-01-01,caf\xe9");
    const bytes = Uint8Array.from(`${lines.join("\n")}\n`, (c) => c.charCodeAt(0));
    const result = await read(bytes, { chunkBytes: 256 });
    expect(result.file?.encoding).toBe("windows-1252");
    expect(result.rows).toHaveLength(201);
    expect(result.rows.at(-1)?.event?.params.name).toBe("café");
  });

  it("keeps line breaks inside quotes in one row, and counts blank lines as rows", async () => {
    const result = await read(fixture("quoted-line-breaks.csv"));
    expect(result.rows.map((r) => r.row)).toEqual([2, 4, 5]);
    expect(result.rows[0].event?.params.comment).toBe("line one\nline two");
    expect(result.rows[1].event?.params.comment).toBe('say "hi", then\r\nleave');
    expect(result.counts.total).toBe(3);
  });

  it("reports ragged rows as row errors", async () => {
    const result = await read(fixture("ragged-rows.csv"));
    expect(result.rows.map((r) => r.errors[0]?.message ?? null)).toEqual([
      "The row has 4 fields; the header has 3.",
      "The row has 2 fields; the header has 3.",
      null,
    ]);
  });

  it("finds duplicates regardless of the email's case and the time's spelling", async () => {
    const result = await read(fixture("duplicates.csv"));
    expect(result.counts).toEqual({ total: 3, valid: 3, invalid: 0, duplicates: 1 });
    expect(result.rows[1].warnings[0].message).toBe("Duplicate of row 2: it will be skipped.");
  });

  it("reads pipe-separated files", async () => {
    const result = await read(fixture("pipe.csv"));
    expect(result.file?.delimiter).toBe("|");
    expect(result.counts.valid).toBe(1);
  });

  it.each([
    ["renamed-workbook.csv", "NOT_CSV", "not an Excel workbook (.xlsx or .xlsm)"],
    ["old-workbook.csv", "NOT_CSV", "old Excel workbook (.xls)"],
    ["nul-bytes.csv", "NOT_CSV", "binary data"],
    ["empty.csv", "EMPTY_FILE", "The file is empty"],
    ["header-only.csv", "NO_ROWS", "no rows of events"],
    ["missing-columns.csv", "MISSING_COLUMNS", 'no "event_name" and "time" columns'],
  ])("refuses %s as a whole with %s", async (name, code, words) => {
    const result = await read(fixture(name));
    expect(result.error?.code).toBe(code);
    expect(result.error?.message).toContain(words);
    expect(result.rows).toEqual([]);
  });

  it("stops at a quote that never closes, before the rest of the file makes one endless field", async () => {
    // Before, a file of some 600 MB ended in JavaScript's "Invalid string length" instead of a file error.
    const block = new Uint8Array(4 << 20).fill(0x61);
    const start = new TextEncoder().encode('email,event_name,time,note\nann@example.com,visit,2020-01-01,"open\n');
    const endless = (first: Uint8Array) => ({
      size: 64 << 20,
      read: async (from: number, to: number) => (from === 0 ? first : block).subarray(0, to - from),
    });
    const first = block.slice();
    first.set(start);
    const quoted = await readEventsFile(endless(first), { timeZone: "UTC", nowMs: NOW });
    expect(quoted.error).toMatchObject({ code: "TOO_LARGE", message: expect.stringMatching(/^Row 2 is longer than 16,777,216 characters/) });
    const headerless = await readEventsFile(endless(block), { timeZone: "UTC", nowMs: NOW });
    expect(headerless.error?.message).toMatch(/^The header row is longer than/);
  });

  it("tells a zipped file that is no workbook to be saved as CSV", async () => {
    const result = await read(fixture("renamed-workbook.csv"));
    expect(result.error?.message).toContain("save it as CSV");
  });

  it("treats a file of blank lines as empty", async () => {
    const result = await read(new TextEncoder().encode("\n \r\n\n"));
    expect(result.error?.code).toBe("EMPTY_FILE");
  });

  it("gives the same rows whatever the chunk size, even inside quotes and multi-byte characters", async () => {
    const bytes = fixture("quoted-line-breaks.csv");
    const unicode = fixture("excel-semicolon-bom.csv");
    const whole = await read(bytes);
    const wholeUnicode = await read(unicode);
    for (const chunkBytes of [1, 2, 3, 7, 16]) {
      expect((await read(bytes, { chunkBytes })).rows).toEqual(whole.rows);
      expect((await read(unicode, { chunkBytes })).rows).toEqual(wholeUnicode.rows);
    }
  });

  it("reports progress and stops when cancelled", async () => {
    const lines = ["email,event_name,time"];
    for (let i = 0; i < 1000; i++) lines.push(`u${i}@example.com,visit,2020-01-01`);
    const bytes = new TextEncoder().encode(lines.join("\n"));
    const controller = new AbortController();
    const progress: number[] = [];
    const reading = read(bytes, {
      chunkBytes: 1024,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p.bytesRead);
        if (progress.length === 3) controller.abort();
      },
    });
    await expect(reading).rejects.toThrow();
    expect(progress).toEqual([1024, 2048, 3072]);
  });
});
