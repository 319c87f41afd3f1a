import { REPORT_COLUMNS } from "@/lib/events/rules";
import { normalizeHeader } from "@/lib/events/headers";
import { DELIMITERS, type Delimiter } from "./record-parser";

/**
 * What spreadsheets and other tools do to the CSVs they write, undone as the file is read, so that
 * the rows are what the person sees in their spreadsheet.
 */

/** Excel's first line `sep=;` names the delimiter and is not a row (Excel does not show it). */
export function sepLineDelimiter(firstRecord: string): Delimiter | null {
  const match = /^sep=(.)$/i.exec(firstRecord.trim());
  const delimiter = match?.[1] as Delimiter | undefined;
  return delimiter && DELIMITERS.includes(delimiter) ? delimiter : null;
}

/** The text after its first line (which `firstRecord` opens, after any blank lines). */
export function dropFirstLine(text: string, firstRecord: string): string {
  let at = text.indexOf(firstRecord) + firstRecord.length;
  if (text[at] === "\r") at++;
  if (text[at] === "\n") at++;
  return text.slice(at);
}

/**
 * Records are split at LF whatever the first line ends with, and the CR of a CRLF is taken off the
 * record's last field: a file whose header ends in CRLF over rows ending in LF, or the reverse, reads
 * every row, and a CRLF inside quotes stays as written.
 */
export function dropLineEndCr(fields: string[]): void {
  const last = fields.length - 1;
  const value = fields[last];
  if (value !== undefined && value.charCodeAt(value.length - 1) === 13) fields[last] = value.slice(0, -1);
}

/** Empty header cells at the end of the header (trailing delimiters): none of them is a column. */
export function withoutTrailingEmpty(headers: string[]): string[] {
  let length = headers.length;
  while (length > 1 && headers[length - 1].trim() === "") length--;
  return length === headers.length ? headers : headers.slice(0, length);
}

/** A row's trailing empty fields past the header's columns, as the trailing delimiters above leave them, dropped. */
export function trimSpareFields(fields: string[], columns: number): void {
  if (fields.length <= columns) return;
  for (let i = columns; i < fields.length; i++) if (fields[i].trim() !== "") return;
  fields.length = columns;
}

/** Our own rejected-rows CSV: its corrected rows come back with the values as they were. */
export function isRejectedRowsFile(headers: readonly string[]): boolean {
  const names = new Set(headers.map(normalizeHeader));
  return REPORT_COLUMNS.every((column) => names.has(normalizeHeader(column)));
}

const ESCAPED_FORMULA = /^'[=+\-@\t\r\n]/;

/** Removes the `'` the CSV writer (write-csv.ts) puts before a cell a spreadsheet would run as a formula. */
export function unescapeFormulas(fields: string[]): void {
  for (let i = 0; i < fields.length; i++) if (ESCAPED_FORMULA.test(fields[i])) fields[i] = fields[i].slice(1);
}
