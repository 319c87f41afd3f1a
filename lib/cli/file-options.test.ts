import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bytesSource } from "@/lib/csv/source";
import { decideFileReading, parseFileOptions } from "./file-options";
import { CHUNK_BYTES } from "./stage-file";

const root = fileURLToPath(new URL("../../", import.meta.url));

function validate(file: string, ...flags: string[]) {
  const run = spawnSync(`${root}node_modules/.bin/tsx`, ["--conditions=react-server", "lib/cli/main.ts", "validate", `lib/csv/fixtures/${file}`, "--json", ...flags],
    { cwd: root, encoding: "utf8" });
  return { status: run.status, report: JSON.parse(run.stdout) };
}

describe("backfill validate's file options", () => {
  it("stops with AMBIGUOUS_DATE_ORDER, naming --date-format, when nothing in the file shows the order", () => {
    const { status, report } = validate("excel-us-ambiguous.csv");
    expect(status).toBe(2);
    expect(report.error.code).toBe("AMBIGUOUS_DATE_ORDER");
    expect(report.error.message).toContain("--date-format MDY");
    expect(report.error.message).toContain('"01/02/2020 9:00 AM"');
    const chosen = validate("excel-us-ambiguous.csv", "--date-format", "mdy");
    expect(chosen.status).toBe(0);
    expect(chosen.report.rows.map((row: { occurred: string }) => row.occurred)).toEqual([
      "2020-01-02T09:00:00.000Z", "2020-03-04T10:30:00.000Z", "2020-05-05T23:00:00.000Z",
    ]);
  }, 120_000);

  it("names the file's headers and --map when a field has no column, and an unknown header given to --map", () => {
    const missing = validate("shopify-orders.csv");
    expect(missing.status).toBe(2);
    expect(missing.report.error.code).toBe("MISSING_COLUMNS");
    expect(missing.report.error.message).toContain('Its header has "Name", "Email", "Financial Status"');
    expect(missing.report.error.message).toContain("--map FIELD=HEADER");
    const unknown = validate("shopify-orders.csv", "--event-name", "order", "--map", "time=Ordered");
    expect(unknown.status).toBe(2);
    expect(unknown.report.error.message).toMatch(/^The file has no column "Ordered" \(--map time=Ordered\)\. Its header has "Name"/);
    const named = validate("shopify-orders.csv", "--event-name", "order", "--map", "time=paid_at");
    expect(named.status).toBe(0);
    expect(named.report.rows[0]).toMatchObject({ event_name: "order", occurred: "2024-01-15T15:35:02.000Z" });
  }, 120_000);
});

describe("parseFileOptions", () => {
  it("refuses what it cannot use, saying why", () => {
    expect(parseFileOptions({ "date-format": "YDM" })).toMatchObject({ ok: false, error: { message: expect.stringContaining("auto, YMD, MDY or DMY") } });
    expect(parseFileOptions({ map: ["when"] })).toMatchObject({ ok: false, error: { message: expect.stringContaining("FIELD=HEADER") } });
    expect(parseFileOptions({ map: ["plan=Plan"] }).ok).toBe(false);
    expect(parseFileOptions({ "event-name": "x", map: ["event_name=y"] }).ok).toBe(false);
    expect(parseFileOptions({ map: ["time = Created at"] })).toEqual({
      ok: true, choices: { columns: { map: { time: "Created at" }, eventName: null }, dateOrder: "auto" },
    });
  });
});

describe("the look through the file before staging", () => {
  it("reads the file in the staging's small chunks, to its end", async () => {
    const line = (i: number) => `u${i}@example.com,order,2023-01-${String(1 + (i % 28)).padStart(2, "0")} 10:00,"[{""sku"":""S${i}""}]",${"x".repeat(200)}\n`;
    const text = `email,event_name,time,items,note\n${Array.from({ length: 20_000 }, (_, i) => line(i)).join("")}`;
    const bytes = new TextEncoder().encode(text);
    const whole = bytesSource(bytes);
    const reads: number[] = [];
    const source = { size: whole.size, read: (start: number, end: number) => (reads.push(end - start), whole.read(start, end)) };
    const decided = await decideFileReading(source, { columns: { map: {}, eventName: null }, dateOrder: "auto" }, { timeZone: "UTC", nowMs: Date.now() });
    expect(decided).toEqual({ ok: true, dateOrder: null, jsonParams: ["items"], params: ["items", "note"] });
    expect(bytes.length).toBeGreaterThan(40 * CHUNK_BYTES);
    expect(Math.max(...reads)).toBeLessThanOrEqual(CHUNK_BYTES);
    expect(reads.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(bytes.length);
  });
});
