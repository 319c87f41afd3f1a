import type { ColumnMapping } from "@/lib/events/headers";
import { plainMessage } from "@/lib/events/message";
import { REPORT_COLUMNS } from "@/lib/events/rules";
import { toCsv, toCsvRecords, UTF8_BOM } from "./write-csv";

/** The file's own names for the columns an import used. */
export type ImportColumns = { email: string; event_name: string; time: string; params: string[]; keptReserved?: string[] };

/**
 * The names, under the file's header, of the columns a mapping uses. One event name for every row
 * goes into an `event_name` column, so that the corrected rows import again as they are.
 */
export function importColumns(headers: readonly string[], mapping: ColumnMapping): ImportColumns {
  return {
    email: headers[mapping.email],
    event_name: mapping.event_name === -1 ? "event_name" : headers[mapping.event_name],
    time: headers[mapping.time],
    params: mapping.params.map((param) => param.name),
  };
}

export type RejectedRow = {
  rowNumber: number;
  email: string;
  eventName: string;
  time: string;
  params: Record<string, string>;
  reason: string;
};

/**
 * The rejected rows under the file's own column names, plus `row_number` and `rejection_reason`
 * (which the header mapping ignores), so the corrected file imports again as it is. Formula-safe.
 * The same file comes from the wizard before sending and from the report after. A reason's quoted
 * values are in double quotes: a spreadsheet shows text as it is, and backticks would show as such.
 */
/**
 * A row's own value in a parameter column, or "" when it has none. hasOwn: a column named
 * "constructor" or "toString" is the row's own value, or empty, never the object's machinery.
 */
export function ownParam(params: Record<string, string>, name: string): string {
  return Object.hasOwn(params, name) ? params[name] : "";
}

export function rejectedRowsCsv(columns: ImportColumns, rows: Iterable<RejectedRow>): string {
  return rejectedRowsHead(columns) + rejectedRowsRecords(columns, [...rows]);
}

/**
 * The start of the rejected rows' file: the byte-order mark and the header line with its line end.
 * Records follow it a page at a time, each page after the first after a line end of its own.
 */
export function rejectedRowsHead(columns: ImportColumns): string {
  return UTF8_BOM + toCsv(rejectedRowsHeaders(columns), []);
}

/** Rows of the rejected rows' file without its header, one record after another ("" for none). */
export function rejectedRowsRecords(columns: ImportColumns, rows: readonly RejectedRow[]): string {
  return rows.length === 0 ? "" : toCsvRecords(rows.map((row) => [
    row.email,
    row.eventName,
    row.time,
    ...columns.params.map((name) => ownParam(row.params, name)),
    String(row.rowNumber),
    plainMessage(row.reason),
  ]));
}

function rejectedRowsHeaders(columns: ImportColumns): string[] {
  return [columns.email, columns.event_name, columns.time, ...columns.params, ...REPORT_COLUMNS];
}
