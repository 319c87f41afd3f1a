import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unpackRows } from "@/lib/contract/staged-rows";
import { ReviewStore } from "@/lib/review/store";
import { readEventsFile } from "@/lib/csv/read-events-file";
import { bytesSource } from "@/lib/csv/source";
import type { ColumnChoices } from "@/lib/events/column-choices";
import { loadStagingHashers, type StagingHashers } from "@/lib/events/dedup";
import type { DateOrder } from "@/lib/events/date-order";
import type { Database } from "@/lib/server/db/client";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { createImport, findStagingImport } from "./lifecycle";
import { stageRows } from "./stage";

/**
 * One file, three readers: the wizard's worker (its row store, with the user's choices), the server's
 * re-check of the rows the wizard sends (stageRows, with the choices stored on the import), and
 * `backfill validate` (with the same choices as flags). Each row must come out the same in all three.
 */
const root = fileURLToPath(new URL("../../../", import.meta.url));
let database: Database;
let dispose: () => Promise<void>;
let hasher: StagingHashers;

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  hasher = await loadStagingHashers();
});
afterAll(() => dispose());

type Answer = Record<number, string>;
type Case = { file: string; columns: ColumnChoices; dateOrder: DateOrder | "auto"; flags: string[] };

const CASES: Case[] = [
  { file: "excel-us.csv", columns: {}, dateOrder: "auto", flags: [] },
  { file: "excel-us-ambiguous.csv", columns: {}, dateOrder: "DMY", flags: ["--date-format", "DMY"] },
  { file: "shopify-orders.csv", columns: { eventName: "order" }, dateOrder: "auto", flags: ["--event-name", "order"] },
  {
    file: "excel-german-sep.csv", columns: { map: { event_name: "Ereignis", time: "Zeitpunkt" } }, dateOrder: "auto",
    flags: ["--map", "event_name=Ereignis", "--map", "time=zeitpunkt"],
  },
  { file: "bigquery-export.csv", columns: {}, dateOrder: "auto", flags: [] },
  { file: "orders-with-items.csv", columns: {}, dateOrder: "auto", flags: [] },
  { file: "crm-written-out.csv", columns: {}, dateOrder: "auto", flags: [] },
];

async function inTheWorker(bytes: Uint8Array, { columns, dateOrder }: Case) {
  const nowMs = Date.now();
  let store: ReviewStore | null = null;
  const result = await readEventsFile(bytesSource(bytes), {
    timeZone: "America/New_York", nowMs, columns, dateOrder, requireColumns: false,
    onHeader: (headers, mapping) => (store = new ReviewStore(headers, mapping, { timeZone: "America/New_York", nowMs })),
    onRow: (outcome, fields) => store!.add(outcome, fields),
  });
  const rows = store! as ReviewStore;
  const order = dateOrder === "auto" ? result.dateOrder.order : dateOrder;
  rows.setMapping(rows.mapping, { ...rows.context, dateOrder: order, jsonParams: result.jsonColumns });
  const answer: Answer = {};
  for (let i = 0; i < rows.size; i++) {
    const row = rows.gridRow(i);
    answer[row.row] = row.occurredMs === null ? "invalid" : new Date(row.occurredMs).toISOString();
  }
  rows.planBatches(500);
  return { answer, sent: unpackRows(rows.batch(0)), order, eventName: rows.mapping.eventName ?? null, jsonParams: result.jsonColumns };
}

async function onTheServer(worker: Awaited<ReturnType<typeof inTheWorker>>, file: string) {
  const { importId, token } = await createImport(database.sql, {
    fileName: file, timeZone: "America/New_York", triggerCampaigns: false, notifyEmail: null, destination: "builtin", createdBy: null,
    columns: { email: "email", event_name: "event_name", time: "time", params: [] },
    dateOrder: worker.order, eventName: worker.eventName, jsonParams: worker.jsonParams,
  });
  const target = (await findStagingImport(database.sql, importId, token, null))!;
  // The rows as the browser sends them, but with an event name the server must not believe.
  const sent = worker.eventName ? worker.sent.map((row) => ({ ...row, event_name: "forged" })) : worker.sent;
  await stageRows(database.sql, hasher, {
    importId, seq: 0, rows: sent, timeZone: target.timeZone, dateOrder: target.dateOrder, eventName: target.eventName, jsonParams: target.jsonParams,
  });
  const stored = await database.sql.query<{ row_number: number; occurred_at: Date | null; email: string; event_name: string; json_types: string[] }>(
    `SELECT row_number, occurred_at, email, event_name,
            ARRAY(SELECT jsonb_typeof(value) FROM jsonb_each(params) ORDER BY key) AS json_types
     FROM staged_rows WHERE import_id = $1 ORDER BY row_number`, [importId],
  );
  const answer: Answer = {};
  for (const row of stored) answer[row.row_number] = row.occurred_at ? new Date(row.occurred_at).toISOString() : "invalid";
  const emails = stored.map((row) => row.email);
  return { answer, emails, names: [...new Set(stored.map((row) => row.event_name))], jsonTypes: stored.map((row) => row.json_types) };
}

function inTheCli(file: string, flags: string[]): Answer & { emails?: string[] } {
  const run = spawnSync(`${root}node_modules/.bin/tsx`, ["--conditions=react-server", "lib/cli/main.ts", "validate",
    `lib/csv/fixtures/${file}`, "--tz", "America/New_York", "--json", ...flags], { cwd: root, encoding: "utf8" });
  const report = JSON.parse(run.stdout) as { rows: { row: number; email: string; occurred: string | null }[] };
  return Object.assign(Object.fromEntries(report.rows.map((row) => [row.row, row.occurred ?? "invalid"])), {
    emails: report.rows.map((row) => row.email),
  });
}

describe("the same file read by the worker, the server and the CLI", () => {
  it.each(CASES)("gives the same answer for every row of $file", async (testCase) => {
    const bytes = new Uint8Array(readFileSync(new URL(`../../csv/fixtures/${testCase.file}`, import.meta.url)));
    const worker = await inTheWorker(bytes, testCase);
    const server = await onTheServer(worker, testCase.file);
    const cli = inTheCli(testCase.file, testCase.flags);
    expect(Object.keys(worker.answer).length).toBeGreaterThan(1);
    expect(server.answer).toEqual(worker.answer);
    const { emails, ...cliAnswer } = cli;
    expect(cliAnswer).toEqual(worker.answer);
    expect(emails).toEqual(server.emails);
    if (worker.eventName) expect(server.names).toEqual([worker.eventName]);
  }, 120_000);

  it("finds the JSON column of an orders file and stores its values as JSON", async () => {
    const bytes = new Uint8Array(readFileSync(new URL("../../csv/fixtures/orders-with-items.csv", import.meta.url)));
    const worker = await inTheWorker(bytes, CASES[5]);
    expect(worker.jsonParams).toEqual(["items"]);
    const server = await onTheServer(worker, "orders-with-items.csv");
    // items, order_id: an array and a string.
    expect(server.jsonTypes).toEqual([["array", "string"], ["array", "string"], ["string"]]);
  }, 120_000);

  it("reads dates written out in other languages, and stages a valid address without its name", async () => {
    const bytes = new Uint8Array(readFileSync(new URL("../../csv/fixtures/crm-written-out.csv", import.meta.url)));
    const worker = await inTheWorker(bytes, CASES[6]);
    expect(worker.answer).toEqual({
      2: "2024-01-15T15:32:00.000Z", 3: "2024-01-15T15:32:00.000Z", 4: "2024-01-15T14:00:00.000Z", 5: "invalid",
      6: "2024-01-15T15:32:00.000Z", 7: "2024-01-15T15:32:00.000Z", 8: "2024-01-15T10:32:00.000Z",
    });
    const server = await onTheServer(worker, "crm-written-out.csv");
    expect(server.emails).toEqual([
      "ann@example.com", "bob@example.com", "eve@example.com", "Dan <dan@example.com> (work)", "ivan@example.com", "kate@example.com", "lena@example.com",
    ]);
  }, 120_000);

  it("reads a Excel US file's contradicting row as invalid everywhere", async () => {
    const bytes = new Uint8Array(readFileSync(new URL("../../csv/fixtures/excel-us.csv", import.meta.url)));
    const worker = await inTheWorker(bytes, CASES[0]);
    expect(worker.answer).toEqual({ 2: "2015-01-05T14:05:00.000Z", 3: "2015-01-15T18:05:00.000Z", 4: "2015-02-03T05:00:00.000Z", 5: "invalid" });
  });
});
