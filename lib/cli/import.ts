import { basename } from "node:path";
import { loadStagingHashers } from "@/lib/events/dedup";
import { reservedAmong } from "@/lib/events/destination-rules";
import { isValidTimeZone } from "@/lib/events/time-zone";
import { importColumns } from "@/lib/csv/rejected-rows";
import { CONTACTS_FIRST_ONLY_YESPO } from "@/lib/contract/imports";
import { env } from "@/lib/env";
import { closeDb, getDb } from "@/lib/server/db/client";
import { configuredDestinations, DESTINATION_LABELS, isConfiguredDestination } from "@/lib/server/destinations/configured";
import { stopBoss } from "@/lib/server/jobs/boss";
import { enqueueForward, startImportWorkers } from "@/lib/server/jobs/import-jobs";
import { discardStagingImport } from "@/lib/server/imports/discard";
import { createImport, markQueued } from "@/lib/server/imports/lifecycle";
import { stageRows } from "@/lib/server/imports/stage";
import { decideFileReading, type FileChoices } from "./file-options";
import { groupByFromFlags, type GroupByFlags } from "./group-options";
import { fileSource } from "./file-source";
import { importPage, waitForReport } from "./import-delivery";
import { reservedColumnNotes } from "./reserved-columns";
import { checkingText, describeFile, lookedThroughText, progressLine, readingText } from "./progress";
import { stageFile } from "./stage-file";

export type ImportOptions = {
  file: string;
  timeZone: string;
  trigger: boolean;
  notify: string | null;
  json: boolean;
  /** Columns, one event name for every row, and the date order, from --map, --event-name and --date-format. */
  choices?: FileChoices;
  /** Any configured destination; the configured default (DESTINATION) when null. */
  destination: string | null;
  /** Columns the destination reserves that are sent all the same (--keep-column): left out otherwise. */
  keepColumns?: string[];
  /** Yespo only (--contacts-first): the events' contacts are created or updated before the events. */
  contactsFirst?: boolean;
  /** --group-by and --item-columns: each order's rows become one event with its items. */
  groupBy?: GroupByFlags | null;
};

type Summary = { importId: string | null; status: string; total: number; delivered: number; duplicates: number; rejected: number; page: string | null };

/** Exit status when Ctrl-C stopped the command, as shells report a SIGINT. */
const STOPPED = 130;

/**
 * `backfill import`: the web import's pipeline (stage, job, report) from the command line. Rows are
 * staged while the file is read, so memory holds a few batches whatever the file's size; progress goes
 * to stderr, the result to stdout. Exit 0 when every row was delivered or skipped as a duplicate, 1
 * when some were rejected, 2 when the import could not run, 130 when stopped by Ctrl-C.
 */
export async function importCommand(options: ImportOptions, out: (text: string) => void): Promise<number> {
  const progress = progressLine(process.stderr);
  const report = (summary: Summary, message: string) => {
    if (options.json) out(`${JSON.stringify(summary)}\n`);
    else out(`${message}\n`);
  };
  const failed = (message: string) => {
    report({ importId: null, status: "failed", total: 0, delivered: 0, duplicates: 0, rejected: 0, page: null }, message);
    if (options.json) progress.print(message);
    return 2;
  };
  if (!isValidTimeZone(options.timeZone)) return failed(`"${options.timeZone}" is not a time zone.`);
  const destination = options.destination ?? env().DESTINATION;
  // The same names as the wizard's choice: any configured destination (decision 012).
  const configured = configuredDestinations().map((choice) => choice.name).join(", ");
  if (!(destination in DESTINATION_LABELS)) return failed(`"${destination}" is not a destination; use one of ${configured}.`);
  if (!isConfiguredDestination(destination)) return failed(`The destination "${destination}" is not configured; use one of ${configured}.`);
  if (options.contactsFirst && destination !== "yespo") return failed(CONTACTS_FIRST_ONLY_YESPO);
  const source = await fileSource(options.file).catch(() => null);
  if (!source) return failed(`${options.file} cannot be opened.`);
  // The date order and the JSON columns are settled over the whole file before a row is staged.
  // Columns the destination reserves are left out, as the wizard's mapping step does, unless kept.
  const keep = options.keepColumns ?? [];
  const given = options.choices ?? { columns: {}, dateOrder: "auto" };
  const choices = { ...given, columns: { ...given.columns, reserved: { destination, keep } } };
  const scanStarted = performance.now();
  const decided = await decideFileReading(source, choices, {
    timeZone: options.timeZone,
    nowMs: Date.now(),
    onProgress: ({ bytesRead, totalBytes }) => progress.update(checkingText(bytesRead, totalBytes, (performance.now() - scanStarted) / 1000)),
  });
  if (!decided.ok) return source.close().then(() => failed(decided.error.message));
  const { dateOrder, jsonParams } = decided;
  const grouping = options.groupBy ? groupByFromFlags(decided.params, options.groupBy) : null;
  if (grouping && !grouping.ok) return source.close().then(() => failed(grouping.message));
  const groupBy = grouping?.ok ? grouping.groupBy : null;
  progress.print(lookedThroughText(dateOrder, jsonParams, (performance.now() - scanStarted) / 1000));
  if (groupBy) progress.print(`One event per "${groupBy.key}", its items from ${groupBy.items.map((name) => `"${name}"`).join(", ")}.`);
  const eventName = choices.columns.eventName ?? null;

  // Ctrl-C while reading stops the reading; what was staged is removed, as nothing of it was sent.
  const interrupt = new AbortController();
  const onInterrupt = () => interrupt.abort();
  process.on("SIGINT", onInterrupt);
  let importId: string | null = null;
  try {
    const { sql } = await getDb();
    const hasher = await loadStagingHashers();
    const started = performance.now();
    const staged = await stageFile({
      source,
      timeZone: options.timeZone,
      nowMs: Date.now(),
      choices: { columns: choices.columns, dateOrder: dateOrder ?? "auto", jsonParams, sheet: choices.sheet, headerRow: choices.headerRow },
      maxRows: env().MAX_ROWS_PER_IMPORT,
      ...(groupBy ? { orderKey: groupBy.key } : {}),
      signal: interrupt.signal,
      async begin(headers, mapping) {
        for (const note of reservedColumnNotes(destination, headers, mapping, keep)) progress.print(note);
        const columns = importColumns(headers, mapping);
        const created = await createImport(sql, {
          fileName: basename(options.file),
          columns: { ...columns, keptReserved: reservedAmong(destination, columns.params) },
          timeZone: options.timeZone,
          dateOrder,
          eventName,
          jsonParams,
          groupBy,
          triggerCampaigns: options.trigger,
          contactsFirst: options.contactsFirst ?? false,
          notifyEmail: options.notify,
          destination,
          createdBy: null,
        });
        importId = created.importId;
        progress.print(`Import ${created.importId} to ${DESTINATION_LABELS[destination]}: ${importPage(created.importId)}`);
        return created.importId;
      },
      discard: async (id) => void (await discardStagingImport(sql, id)),
      onRestart: (why) => progress.print(why),
      stage: async (id, seq, rows) => void (await stageRows(sql, hasher, { importId: id, seq, rows, timeZone: options.timeZone, dateOrder, eventName, jsonParams, destination, groupBy })),
      onProgress: ({ rows, bytesRead, totalBytes }) =>
        progress.update(readingText(rows, bytesRead, totalBytes, (performance.now() - started) / 1000)),
    });
    if (!staged.read || staged.read.error) {
      const removed = importId ? await discardStagingImport(sql, importId) : false;
      const what = removed ? `the ${staged.rowsStaged.toLocaleString("en")} rows staged so far were removed` : "nothing was staged";
      if (interrupt.signal.aborted) {
        return stopped(progress, `Stopped while reading ${options.file}: nothing was delivered, and ${what}. Run the same command again to import the file.`, options, out);
      }
      if (staged.tooManyRows) {
        return failed(`${options.file} has more than ${env().MAX_ROWS_PER_IMPORT.toLocaleString("en")} rows (MAX_ROWS_PER_IMPORT): nothing was delivered, and ${what}. Split the file and import each part.`);
      }
      return failed(staged.read?.error?.message ?? "The file could not be read.");
    }
    process.off("SIGINT", onInterrupt);
    const { total } = await markQueued(sql, staged.importId!);
    const readAs = staged.read.workbook ? describeFile(staged.read) : staged.read.file?.encoding;
    progress.print(`Read ${total.toLocaleString("en")} rows (${readAs}); delivering…`);

    // Ctrl-C while delivering: the import is committed and goes on from its last delivered batch.
    process.once("SIGINT", () => {
      progress.print(
        env().JOBS_IN_PROCESS
          ? `Stopped. The import is kept: delivery goes on from its last delivered batch when Backfill starts again with this data (npm start). Its page: ${importPage(staged.importId!)}`
          : `Stopped waiting. The workers go on delivering the import; its page: ${importPage(staged.importId!)}`,
      );
      process.exit(STOPPED);
    });
    if (env().JOBS_IN_PROCESS) await startImportWorkers();
    await enqueueForward(staged.importId!);
    const view = await waitForReport(staged.importId!, total, progress);
    const page = importPage(view.id);
    const summary = { importId: view.id, status: view.status, total: view.total, delivered: view.delivered, duplicates: view.duplicates, rejected: view.rejected, page };
    progress.print(`Delivered ${view.delivered.toLocaleString("en")} of ${view.total.toLocaleString("en")} rows.`);
    report(summary, `${view.fileName}: ${view.status}. ${view.total} rows: ${view.delivered} delivered, ` +
      `${view.duplicates} skipped as duplicates, ${view.rejected} rejected. Report: ${page}`);
    if (view.status === "failed") return 2;
    return view.rejected > 0 ? 1 : 0;
  } finally {
    process.off("SIGINT", onInterrupt);
    await source.close();
    await stopBoss();
    await closeDb();
  }
}

function stopped(progress: ReturnType<typeof progressLine>, message: string, options: ImportOptions, out: (text: string) => void): number {
  progress.print(message);
  if (options.json) out(`${JSON.stringify({ importId: null, status: "stopped", total: 0, delivered: 0, duplicates: 0, rejected: 0, page: null })}\n`);
  return STOPPED;
}
