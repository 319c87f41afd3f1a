import { cleanParams } from "@/lib/events/row";
import { isValidTimeZone } from "@/lib/events/time-zone";
import type { RowOutcome } from "@/lib/events/validator";
import { fileErrors } from "@/lib/csv/file-errors";
import type { ReadResult } from "@/lib/csv/read-events-file";
import { MIN_SPLIT_BYTES, readEventsFileInParallel } from "@/lib/csv/read-in-parallel";
import { scanDateOrder } from "@/lib/csv/scan-date-order";
import { sliceSource } from "@/lib/csv/read-range";
import { isZipped } from "@/lib/csv/sniff";
import type { ByteSource } from "@/lib/csv/source";
import type { DateOrderRequest } from "@/lib/events/date-order";
import { decideFileReading, type FileChoices } from "./file-options";
import { fileSource } from "./file-source";
import { describeFile } from "./progress";
import { startRangeWorker } from "./two-cores";

export type ValidateOptions = { file: string; timeZone: string; json: boolean; choices?: FileChoices };

const SHOWN_REJECTED_ROWS = 20;
/** How much of a file's start tells whether its dates need deciding before its rows are checked. */
const START_BYTES = 4 << 20;

/** `backfill validate`: the same checks as the browser, on a file on disk. Returns the exit status. */
export async function validateCommand(options: ValidateOptions, out: (text: string) => void): Promise<number> {
  if (!isValidTimeZone(options.timeZone)) {
    return fail(options, out, fileErrors.unreadable(`"${options.timeZone}" is not a time zone; use an IANA name such as Europe/Berlin.`));
  }
  let source;
  try {
    source = await fileSource(options.file);
  } catch (error) {
    return fail(options, out, fileErrors.unreadable(`${options.file} cannot be opened (${(error as NodeJS.ErrnoException).code ?? "error"}).`));
  }
  const rows: RowOutcome[] = [];
  const choices = options.choices ?? { columns: {}, dateOrder: "auto" };
  const nowMs = Date.now();
  // A large file is read on two cores; the second thread starts loading while the file is scanned.
  // Not for --json: writing every row takes longer than checking it, and the rows the second thread
  // hands over would be held twice meanwhile.
  const worker = !options.json && source.size >= MIN_SPLIT_BYTES ? startRangeWorker(options.file) : null;
  const read = (dateOrder: DateOrderRequest, jsonParams: string[]) =>
    readEventsFileInParallel(
      source,
      {
        timeZone: options.timeZone,
        nowMs,
        columns: choices.columns,
        sheet: choices.sheet,
        headerRow: choices.headerRow,
        dateOrder,
        jsonParams,
        // The summary names only rejected rows; --json lists every row.
        rows: options.json ? "all" : "rejected",
        onRow: (outcome) => rows.push(outcome),
        onRestart: () => rows.splice(0),
      },
      worker?.runRange ?? null,
    );
  let result: ReadResult | null = null;
  try {
    if (await nothingToDecideAtStart(source, choices, { timeZone: options.timeZone, nowMs })) {
      result = await read(choices.dateOrder, []);
      if (!settlesNothing(result, choices)) {
        result = null;
        rows.splice(0);
      }
    }
    if (!result) {
      const decided = await decideFileReading(source, choices, { timeZone: options.timeZone, nowMs });
      if (!decided.ok) return fail(options, out, decided.error);
      result = await read(decided.dateOrder ?? "auto", decided.jsonParams);
    }
  } finally {
    await Promise.all([source.close(), worker?.close()]);
  }
  if (options.json) writeJson(result, rows, out);
  else writeSummary(options.file, result, rows, out);
  if (result.error) return 2;
  return result.counts.invalid > 0 ? 1 : 0;
}

/**
 * Most files have no date with the year last (or the order is given) and no JSON parameter: for them
 * decideFileReading would read the whole file to find nothing, and its rows can be checked in that same
 * read. The first few megabytes tell whether that is likely; `settlesNothing` whether it was so.
 */
async function nothingToDecideAtStart(source: ByteSource, choices: FileChoices, options: { timeZone: string; nowMs: number }): Promise<boolean> {
  if (choices.dateOrder !== "auto") return true;
  const head = await source.read(0, Math.min(source.size, START_BYTES));
  // A workbook's start is no workbook: it is read whole, and its typed dates prove no order.
  if (isZipped(head)) return true;
  const end = Math.max(head.lastIndexOf(0x0a), head.lastIndexOf(0x0d)) + 1;
  const scan = await scanDateOrder(sliceSource(source, 0, end === 0 ? head.length : end), { ...options, columns: choices.columns, headerRow: choices.headerRow, dateOrder: "auto" });
  return scan.error === null && scan.finding.yearLast === 0;
}

/**
 * Whether a read with the order asked for and no JSON parameters is the one decideFileReading would have
 * led to: no file-level error, no JSON column, and (for "auto") a time column that proves no order
 * and has no date that reads two ways. Otherwise the file is decided first and read again.
 */
function settlesNothing(result: ReadResult, choices: FileChoices): boolean {
  if (result.error || result.jsonColumns.length > 0) return false;
  const { finding } = result.dateOrder;
  return choices.dateOrder !== "auto" || (finding.proof === null && finding.ambiguous === 0);
}

function fail(options: ValidateOptions, out: (text: string) => void, error: ReadResult["error"]): number {
  if (options.json) {
    out(`${JSON.stringify({ file: null, error, total: 0, valid: 0, invalid: 0, duplicates: 0, rows: [] })}\n`);
  } else {
    out(`${error?.message}\n`);
  }
  return 2;
}

export function rowJson(outcome: RowOutcome) {
  const { input, event } = outcome;
  return {
    row: outcome.row,
    email: event?.email ?? input.email.trim(),
    event_name: input.event_name.trim(),
    occurred: event ? new Date(event.occurredMs).toISOString() : null,
    params: event?.params ?? cleanParams(input.params),
    errors: outcome.errors,
    warnings: outcome.warnings,
  };
}

/** One JSON object, written row by row: a million rows do not become one string in memory. */
function writeJson(result: ReadResult, rows: RowOutcome[], out: (text: string) => void): void {
  const file = result.file ? { encoding: result.file.encoding, delimiter: result.file.delimiter } : null;
  const head = { file, ...(result.workbook ? { workbook: result.workbook } : {}), error: result.error, ...result.counts };
  out(`${JSON.stringify(head).slice(0, -1)},"rows":[`);
  rows.forEach((row, i) => out(`${i === 0 ? "\n" : ",\n"}${JSON.stringify(rowJson(row))}`));
  out("\n]}\n");
}

function writeSummary(path: string, result: ReadResult, rows: RowOutcome[], out: (text: string) => void): void {
  if (result.error) {
    out(`${path}: ${result.error.message}\n`);
    return;
  }
  const { total, valid, invalid, duplicates } = result.counts;
  out(`${path}: ${describeFile(result)}\n`);
  out(`${total} rows: ${valid} valid (${duplicates} of them duplicates, to be skipped), ${invalid} invalid\n`);
  const rejected = rows.filter((row) => row.errors.length > 0);
  for (const row of rejected.slice(0, SHOWN_REJECTED_ROWS)) {
    out(`  Row ${row.row}: ${row.errors.map((e) => e.message).join(" ")}\n`);
  }
  if (rejected.length > SHOWN_REJECTED_ROWS) {
    out(`  … and ${rejected.length - SHOWN_REJECTED_ROWS} more; --json lists every row.\n`);
  }
}
