import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readEventsFile } from "@/lib/csv/read-events-file";
import type { DateOrderRequest } from "@/lib/events/date-order";
import type { RowOutcome } from "@/lib/events/validator";
import { decideFileReading } from "./file-options";
import { fileSource } from "./file-source";
import { rowJson, validateCommand } from "./validate";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixture = (name: string) => `lib/csv/fixtures/${name}`;

/** Runs the real command, as `npm run --silent backfill -- …` does. */
function backfill(...args: string[]) {
  const run = spawnSync(`${root}node_modules/.bin/tsx`, ["--conditions=react-server", "lib/cli/main.ts", ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 30 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("backfill validate", () => {
  it("reads a report's rows below its title lines, with the row numbers the spreadsheet shows", () => {
    const run = backfill("validate", fixture("report-with-title.csv"), "--json", "--tz", "UTC");
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ file: { delimiter: ";" }, error: null, total: 2, valid: 2 });
    expect(report.rows.map((row: { row: number; occurred: string }) => [row.row, row.occurred])).toEqual([
      [5, "2024-01-15T10:32:00.000Z"], [6, "2024-01-16T11:00:00.000Z"],
    ]);
  });

  it("prints one JSON object with every row, and exits 1 when some rows are invalid", () => {
    const run = backfill("validate", fixture("vero-example.csv"), "--json");
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      file: { encoding: "utf-8", delimiter: "," },
      error: null,
      total: 3,
      valid: 2,
      invalid: 1,
      duplicates: 0,
    });
    expect(report.rows[0]).toEqual({
      row: 2,
      email: "ann@example.com",
      event_name: "purchase",
      occurred: "2015-01-14T15:15:00.000Z",
      params: { city: "Los Angeles" },
      errors: [],
      warnings: [],
    });
    expect(report.rows[2]).toMatchObject({ row: 4, occurred: null, errors: [{ field: "email" }, { field: "time" }] });
  });

  it("reads times without an offset in the zone given by --tz", () => {
    const run = backfill("validate", fixture("excel-semicolon-bom.csv"), "--json", "--tz", "Europe/Berlin");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).rows[0].occurred).toBe("2021-03-28T01:30:00.000Z");
  });

  it("exits 2 with the file-level error for a workbook", () => {
    const run = backfill("validate", fixture("renamed-workbook.csv"), "--json");
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout).error.code).toBe("NOT_CSV");
  });

  it("summarises in words without --json", () => {
    const run = backfill("validate", fixture("duplicates.csv"));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("3 rows: 3 valid (1 of them duplicates, to be skipped), 0 invalid");
  });

  it("refuses an unknown time zone and a missing file with exit 2", () => {
    expect(backfill("validate", fixture("vero-example.csv"), "--tz", "Mars/Base").stdout).toContain("is not a time zone");
    expect(backfill("validate", "no-such-file.csv").status).toBe(2);
  });

  it("summarises a large file read on two cores as the one-core --json read counts it", { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "backfill-validate-"));
    try {
      const file = join(dir, "large.csv");
      const lines = ["email,event_name,time,note"];
      // About 9 MB: past the size read on two cores. Repeats across the halves, a quoted line break,
      // and rejected rows in both halves.
      for (let i = 0; i < 140_000; i++) {
        if (i % 25_000 === 7) lines.push(`not-an-email-${i},purchase,2024-01-01 10:00,x`);
        else if (i % 1000 === 0) lines.push(`user${i}@example.com,purchase,2024-01-01 10:00,"two\nlines"`);
        else lines.push(`user${i % 60_000}@example.com,purchase,2024-01-${String(((i % 60_000) % 28) + 1).padStart(2, "0")} 10:00,note ${i % 60_000}`);
      }
      writeFileSync(file, `${lines.join("\n")}\n`);
      const json = JSON.parse(backfill("validate", file, "--json").stdout);
      expect(json.duplicates).toBeGreaterThan(70_000);
      const run = backfill("validate", file);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`${json.total} rows: ${json.valid} valid (${json.duplicates} of them duplicates, to be skipped), ${json.invalid} invalid`);
      const rejected = json.rows.filter((row: { errors: unknown[] }) => row.errors.length > 0);
      for (const row of rejected) expect(run.stdout).toContain(`  Row ${row.row}: ${row.errors.map((e: { message: string }) => e.message).join(" ")}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each<[string, DateOrderRequest]>([
    ["vero-example.csv", "auto"], ["excel-us.csv", "auto"], ["excel-us-ambiguous.csv", "auto"], ["excel-us-ambiguous.csv", "DMY"],
    ["orders-with-items.csv", "auto"], ["orders-with-items.csv", "YMD"], ["duplicates.csv", "auto"], ["bigquery-export.csv", "auto"],
    ["shopify-orders.csv", "auto"], ["windows-1252.csv", "auto"], ["header-only.csv", "auto"], ["nul-bytes.csv", "MDY"],
    ["year-last dates past the first megabytes", "auto"], ["two-way dates past the first megabytes", "auto"],
  ])("reports %s (dates %s) as deciding the file first and then reading it does", { timeout: 120_000 }, async (name, dateOrder) => {
    const dir = mkdtempSync(join(tmpdir(), "backfill-validate-"));
    const file = name.endsWith(".csv") ? fixture(name) : join(dir, "late-dates.csv");
    if (!name.endsWith(".csv")) {
      // ISO times for about 6 MB, then dates with the year last: one that proves the order, or none.
      const lines = ["email,event_name,time"];
      for (let i = 0; i < 120_000; i++) lines.push(`user${i}@example.com,signup,2024-01-0${(i % 9) + 1} 10:00`);
      lines.push("late@example.com,signup,03/04/2024", name.startsWith("year-last") ? "proof@example.com,signup,03/14/2024" : "more@example.com,signup,05/06/2024");
      writeFileSync(file, `${lines.join("\n")}\n`);
    }
    let text = "";
    const status = await validateCommand({ file, timeZone: "UTC", json: true, choices: { columns: {}, dateOrder } }, (chunk) => {
      text += chunk;
    });
    const report = JSON.parse(text);
    const source = await fileSource(file);
    try {
      const decided = await decideFileReading(source, { columns: {}, dateOrder }, { timeZone: "UTC", nowMs: Date.now() });
      if (!decided.ok) {
        expect({ status, error: report.error }).toEqual({ status: 2, error: decided.error });
        return;
      }
      const rows: RowOutcome[] = [];
      const result = await readEventsFile(source, {
        timeZone: "UTC", nowMs: Date.now(), dateOrder: decided.dateOrder ?? "auto", jsonParams: decided.jsonParams,
        onRow: (outcome) => rows.push(outcome), onRestart: () => rows.splice(0),
      });
      expect(report).toMatchObject({ error: result.error, ...result.counts });
      expect(report.rows).toEqual(JSON.parse(JSON.stringify(rows.map(rowJson))));
    } finally {
      await source.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
