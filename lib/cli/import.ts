import { loadDedupHasher } from "@/lib/events/dedup";
import { isValidTimeZone } from "@/lib/events/time-zone";
import { readEventsFile } from "@/lib/csv/read-events-file";
import { importColumns } from "@/lib/csv/rejected-rows";
import { env } from "@/lib/env";
import { closeDb, getDb } from "@/lib/server/db/client";
import { stopBoss } from "@/lib/server/jobs/boss";
import { enqueueForward, startImportWorkers } from "@/lib/server/jobs/import-jobs";
import { createImport, markQueued } from "@/lib/server/imports/lifecycle";
import { findImport } from "@/lib/server/imports/queries";
import { MAX_ROWS_PER_STAGE_CALL, stageRows, type StagedRowInput } from "@/lib/server/imports/stage";
import { basename } from "node:path";
import { decideFileReading, type FileChoices } from "./file-options";
import { fileSource } from "./file-source";

export type ImportOptions = { file: string; timeZone: string; trigger: boolean; notify: string | null; json: boolean; choices?: FileChoices };

type Summary = { importId: string | null; status: string; total: number; delivered: number; duplicates: number; rejected: number };

/**
 * `backfill import`: the web import's pipeline (stage, job, report) from the command line, waiting for
 * the end. Exit 0 when every row was delivered or skipped as a duplicate, 1 when some were rejected,
 * 2 when the import could not run.
 */
export async function importCommand(options: ImportOptions, out: (text: string) => void): Promise<number> {
  const report = (summary: Summary, message?: string) => {
    if (options.json) out(`${JSON.stringify(summary)}\n`);
    else out(`${message ?? ""}${message ? "\n" : ""}`);
  };
  const failed = (message: string) => {
    report({ importId: null, status: "failed", total: 0, delivered: 0, duplicates: 0, rejected: 0 }, message);
    if (options.json) process.stderr.write(`${message}\n`);
    return 2;
  };
  if (!isValidTimeZone(options.timeZone)) return failed(`"${options.timeZone}" is not a time zone.`);

  const source = await fileSource(options.file).catch(() => null);
  if (!source) return failed(`${options.file} cannot be opened.`);
  // Only what staging needs is kept: a million checked outcomes would hold twice the memory.
  const rows: StagedRowInput[] = [];
  const choices = options.choices ?? { columns: {}, dateOrder: "auto" };
  const decided = await decideFileReading(source, choices, { timeZone: options.timeZone, nowMs: Date.now() });
  if (!decided.ok) return source.close().then(() => failed(decided.error.message));
  const { dateOrder, jsonParams } = decided;
  const eventName = choices.columns.eventName ?? null;
  const read = await readEventsFile(source, {
    timeZone: options.timeZone,
    nowMs: Date.now(),
    columns: choices.columns,
    dateOrder: dateOrder ?? "auto",
    jsonParams,
    onRow: ({ row, input }) => rows.push({ row, ...input }),
    onRestart: () => rows.splice(0),
  }).finally(() => source.close());
  if (read.error || !read.mapping) return failed(read.error?.message ?? "The file could not be read.");

  try {
    const { sql } = await getDb();
    const { mapping, headers } = read;
    const { importId } = await createImport(sql, {
      fileName: basename(options.file),
      columns: importColumns(headers, mapping),
      timeZone: options.timeZone,
      dateOrder,
      eventName,
      jsonParams,
      triggerCampaigns: options.trigger,
      notifyEmail: options.notify,
      destination: env().DESTINATION,
      createdBy: null,
    });
    const hasher = await loadDedupHasher();
    for (let seq = 0; seq * MAX_ROWS_PER_STAGE_CALL < rows.length; seq++) {
      const batch = rows.slice(seq * MAX_ROWS_PER_STAGE_CALL, (seq + 1) * MAX_ROWS_PER_STAGE_CALL);
      await stageRows(sql, hasher, { importId, seq, rows: batch, timeZone: options.timeZone, dateOrder, eventName, jsonParams });
    }
    rows.length = 0;
    const { total } = await markQueued(sql, importId);
    process.stderr.write(`backfill: ${total} rows staged for import ${importId}; delivering…\n`);
    if (env().JOBS_IN_PROCESS) await startImportWorkers();
    await enqueueForward(importId);
    const view = await waitForReport(importId);
    const summary = { importId, status: view.status, total: view.total, delivered: view.delivered, duplicates: view.duplicates, rejected: view.rejected };
    report(summary, `${view.fileName}: ${view.status}. ${view.total} rows: ${view.delivered} delivered, ` +
      `${view.duplicates} skipped as duplicates, ${view.rejected} rejected. Report: ${env().APP_URL}/imports/${importId}`);
    if (view.status === "failed") return 2;
    return view.rejected > 0 ? 1 : 0;
  } finally {
    await stopBoss();
    await closeDb();
  }
}

/** Polls the import's own row, which costs nothing next to the delivery it waits for. */
async function waitForReport(importId: string) {
  const { sql } = await getDb();
  for (;;) {
    const [row] = await sql.query<{ done: boolean }>(
      `SELECT finished_at IS NOT NULL AND report_sent_at IS NOT NULL AS done FROM imports WHERE id = $1`,
      [importId],
    );
    if (row?.done) return (await findImport(sql, importId))!;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
