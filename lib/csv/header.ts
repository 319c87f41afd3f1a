import { chooseColumns, type ColumnChoices } from "@/lib/events/column-choices";
import type { HeaderMatch } from "@/lib/events/headers";
import { DELIMITERS, detectNewline, parseRecords, type Delimiter } from "./record-parser";

export type HeaderChoice = { delimiter: Delimiter; headers: string[]; match: HeaderMatch };

/** The text of the first record with content, or null while it is not complete yet. */
export function firstRecordText(text: string, complete: boolean): string | null {
  const record = recordAt(text, 0, complete);
  if (record === undefined) return complete ? "" : null;
  return record && text.slice(record.start, record.end);
}

/**
 * Where the record with content at or after `from` lies (its end is before its line break), null
 * while it is not complete yet, undefined when only white space follows.
 */
function recordAt(text: string, from: number, complete: boolean): { start: number; end: number } | null | undefined {
  const rest = text.slice(from).search(/[^\s]/);
  if (rest === -1) return complete ? undefined : null;
  const start = from + rest;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) {
      // A CR at the very end may be the first half of a CRLF: wait for the next chunk to know.
      if (char === "\r" && i === text.length - 1 && !complete) return null;
      return { start, end: i };
    }
  }
  return complete ? { start, end: text.length } : null;
}

/**
 * The delimiter is the one that splits the header into the required columns (by their names or the
 * user's choices); when none does, the one that gives the most columns, so that the error names what
 * the file's header holds.
 */
export function chooseDelimiter(headerText: string, choices?: ColumnChoices, only?: Delimiter): HeaderChoice {
  let best: HeaderChoice | null = null;
  const newline = detectNewline(headerText);
  for (const delimiter of only ? [only] : DELIMITERS) {
    const headers = parseRecords(headerText, delimiter, newline)[0] ?? [];
    const match = chooseColumns(headers, choices);
    if (match.ok) return { delimiter, headers, match };
    if (!best || headers.length > best.headers.length) best = { delimiter, headers, match };
  }
  return best!;
}

/** Lines a report puts above its header (`Orders report`, `Generated 2024-01-15`, blank ones), at most. */
export const MAX_TITLE_LINES = 10;
/** A line with this many values or more is a header, mapped or not, and never a title. */
const HEADER_VALUES = 3;

/** The header's delimiter, and how many lines with content come before it. */
export type HeaderLine = { delimiter: Delimiter; titleLines: number };

/**
 * Finds the header: the first line that holds the mapped columns, below at most MAX_TITLE_LINES title
 * lines of fewer than three values each; else the first line, which the caller maps or reports.
 * `decideNow` when no more text is to be waited for. Null while the text does not tell yet.
 */
export function findHeaderLine(text: string, complete: boolean, decideNow: boolean, choices?: ColumnChoices, only?: Delimiter): HeaderLine | null {
  const first = recordAt(text, 0, complete);
  if (!first) return null;
  const firstChoice = chooseDelimiter(text.slice(first.start, first.end), choices, only);
  if (firstChoice.match.ok) return { delimiter: firstChoice.delimiter, titleLines: 0 };
  const fallback = { delimiter: firstChoice.delimiter, titleLines: 0 };
  let record: { start: number; end: number } = first;
  let titleLines = 0;
  for (let line = 0; line < MAX_TITLE_LINES; line++) {
    const recordText = text.slice(record.start, record.end);
    const values = chooseDelimiter(recordText, choices, only).headers.filter((value) => value.trim() !== "").length;
    if (values >= HEADER_VALUES) return fallback;
    if (values > 0) titleLines++;
    const next = recordAt(text, record.end, complete);
    if (next === undefined) return fallback;
    if (next === null) return decideNow || complete ? fallback : null;
    record = next;
    const choice = chooseDelimiter(text.slice(record.start, record.end), choices, only);
    if (choice.match.ok) return { delimiter: choice.delimiter, titleLines };
  }
  return fallback;
}

/**
 * The header among a sheet's first rows with content (a workbook's, already in cells), by the rule of
 * findHeaderLine: the first that holds the mapped columns, below title rows of fewer than three
 * values; else the first row. The index into `rows`.
 */
export function findHeaderRow(rows: readonly string[][], choices?: ColumnChoices): number {
  for (let index = 0; index < rows.length && index <= MAX_TITLE_LINES; index++) {
    if (chooseColumns(rows[index], choices).ok) return index;
    if (rows[index].filter((value) => value.trim() !== "").length >= HEADER_VALUES) return 0;
  }
  return 0;
}
