import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { DAYS_1900_TO_1904, dateCell, workbookBytes } from "@/lib/testing/workbooks";

const root = fileURLToPath(new URL("../../", import.meta.url));
const folder = mkdtempSync(join(tmpdir(), "backfill-workbook-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs the real command, as `npm run --silent backfill -- …` does. */
function backfill(...args: string[]) {
  const run = spawnSync(`${root}node_modules/.bin/tsx`, ["--conditions=react-server", "lib/cli/main.ts", ...args], { cwd: root, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** `backfill import` in a process of its own, on an embedded database of its own. */
function backfillImport(file: string, ...args: string[]) {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", "import", file, ...args], {
    cwd: root, env: { ...process.env, DATA_DIR: join(folder, "data"), DATABASE_URL: "", APP_URL: "http://127.0.0.1:3999" }, stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => child.on("exit", (status) => resolve({ status, stdout, stderr })));
}

/** A workbook in the 1904 date system with a notes sheet before its events: 2024-01-15 10:30 and 2024-01-16 00:00. */
const path = join(folder, "orders.xlsx");
writeFileSync(path, workbookBytes([
  { name: "Notes", rows: [["Exported from the shop"]] },
  { name: "Orders", rows: [
    ["Orders report"], [], ["email", "event_name", "time", "total"],
    ["ann@example.com", "purchase", dateCell(45306.4375 - DAYS_1900_TO_1904), { t: "n", v: 12.5, z: "0.00" }],
    ["not-an-address", "purchase", dateCell(45307 - DAYS_1900_TO_1904, "dd.mm.yyyy"), 3],
  ] },
], { date1904: true }));

describe("backfill validate with a workbook", () => {
  it("asks for --sheet when the workbook has several", () => {
    const run = backfill("validate", path, "--json");
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.error.code).toBe("CHOOSE_SHEET");
    expect(report.error.message).toBe('This workbook has 2 sheets ("Notes", "Orders"): say which one holds the events with --sheet NAME.');
  });

  it("reads the sheet named, with its typed dates in the zone given and the sheet's row numbers", () => {
    const run = backfill("validate", path, "--sheet", "Orders", "--tz", "America/New_York", "--json");
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ file: null, workbook: { sheet: "Orders", date1904: true }, total: 2, valid: 1, invalid: 1 });
    expect(report.rows.map((row: { row: number; occurred: string; params: object }) => [row.row, row.occurred, row.params])).toEqual([
      [4, "2024-01-15T15:30:00.000Z", { total: "12.50" }], [5, null, { total: "3" }],
    ]);
  });

  it("names the sheet in its summary", () => {
    const run = backfill("validate", path, "--sheet", "Orders");
    expect(run.stdout).toContain('orders.xlsx: sheet "Orders" of a workbook (1904 date system)');
    expect(run.stdout).toContain("Row 5:");
  });
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("backfill import of a workbook", () => {
  it("imports the sheet named, and says which sheet it read", async () => {
    const run = await backfillImport(path, "--sheet", "Orders", "--json");
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "partial", total: 2, delivered: 1, rejected: 1 });
    expect(run.stderr).toContain('Read 2 rows (sheet "Orders" of a workbook (1904 date system)); delivering…');
  }, 180_000);
});

describe("backfill validate --header-line", () => {
  it("reads the header from the line named, and says what the option takes", () => {
    const report = join(folder, "report.csv");
    writeFileSync(report, "Wöchentlicher Export\n\nKunde;Aktion;Zeitpunkt\nann@example.com;kauf;2024-01-15 10:30\n");
    const map = ["--map", "email=Kunde", "--map", "event_name=Aktion", "--map", "time=Zeitpunkt"];
    const run = backfill("validate", report, "--header-line", "3", ...map, "--tz", "UTC", "--json");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).rows.map((row: { row: number }) => row.row)).toEqual([4]);
    const bad = backfill("validate", report, "--header-line", "third", "--json");
    expect(bad.status).toBe(2);
    expect(JSON.parse(bad.stdout).error.message).toBe('The file could not be read: --header-line takes the number of the line that holds the column names, such as 3, not "third".');
  });
});
