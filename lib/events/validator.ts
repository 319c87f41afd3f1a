import { addressOf } from "./address";
import { fingerprintEvent } from "./dedup";
import { FingerprintTable } from "./fingerprint-table";
import type { ColumnMapping } from "./headers";
import { NO_ISSUES, checkEvent, newParams, type CheckContext, type EventInput, type EventRecord, type RowIssue } from "./row";

/** One row of a file after the checks, with its spreadsheet row number (the header is row 1). */
export type RowOutcome = {
  row: number;
  input: EventInput;
  event: EventRecord | null;
  errors: readonly RowIssue[];
  warnings: readonly RowIssue[];
  /** The row this one repeats, when it is a duplicate: it is skipped at import, not rejected. */
  duplicateOf: number | null;
};

export type RowCounts = { total: number; valid: number; invalid: number; duplicates: number };

export function isBlankRecord(fields: readonly string[]): boolean {
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    // Most fields start with a visible character: no need to trim them to know.
    if (field.length > 0 && (field.charCodeAt(0) > 32 || field.trim() !== "")) return false;
  }
  return true;
}

/** Whether a value is more than white space; most start with a printable ASCII character, which settles it without a trim. */
function hasContent(value: string): boolean {
  const code = value.charCodeAt(0);
  return (code > 32 && code < 127) || value.trim() !== "";
}

/** Picks a row's mapped values out of its fields. */
export function mapRecord(fields: readonly string[], mapping: ColumnMapping): EventInput {
  const params = newParams();
  for (const { index, name } of mapping.params) {
    const value = fields[index];
    // The first column with content wins, so a blank one does not hide a later one of the same name;
    // hasOwn, not `in`: a column named "toString" or "constructor" is a parameter like any other.
    if (value === undefined || !hasContent(value)) continue;
    if (!Object.hasOwn(params, name)) params[name] = value;
  }
  return {
    email: fields[mapping.email] ?? "",
    event_name: mapping.eventName ?? fields[mapping.event_name] ?? "",
    time: fields[mapping.time] ?? "",
    params,
  };
}

/**
 * Checks the rows of one file in order. Counts are of rows with content: `valid` includes the
 * duplicates, which are valid rows that repeat an earlier valid row.
 */
export class RowValidator {
  readonly counts: RowCounts = { total: 0, valid: 0, invalid: 0, duplicates: 0 };
  private readonly firstRows: FingerprintTable | null;
  private readonly fingerprint = new Uint32Array(2);

  /**
   * `findDuplicates: false` leaves repeated rows to the database (the streaming import marks them
   * there): the table of every row's fingerprint would grow with the file (400 MB at 10M rows).
   */
  constructor(
    private readonly headerLength: number,
    readonly mapping: ColumnMapping,
    private readonly context: CheckContext,
    options: { findDuplicates?: boolean } = {},
  ) {
    this.firstRows = options.findDuplicates === false ? null : new FingerprintTable();
  }

  /** Returns null for a record with no content, which is skipped and not counted. */
  checkRecord(row: number, fields: readonly string[]): RowOutcome | null {
    if (isBlankRecord(fields)) return null;
    const input = mapRecord(fields, this.mapping);
    const shapeError =
      fields.length === this.headerLength
        ? null
        : { field: "row", message: `The row has ${fields.length} fields; the header has ${this.headerLength}.` };
    return this.checkInput(row, input, shapeError);
  }

  /** Checks values as mapped (or as fixed by the user). */
  checkInput(row: number, input: EventInput, shapeError: RowIssue | null = null): RowOutcome {
    this.counts.total++;
    const check = checkEvent(input, this.context);
    const errors = shapeError ? [shapeError, ...check.errors] : check.errors;
    if (errors.length > 0 || !check.event) {
      this.counts.invalid++;
      return { row, input, event: null, errors, warnings: NO_ISSUES, duplicateOf: null };
    }
    this.counts.valid++;
    if (!this.firstRows) return { row, input, event: check.event, errors: NO_ISSUES, warnings: NO_ISSUES, duplicateOf: null };
    fingerprintEvent(check.event, this.fingerprint);
    const first = this.firstRows.firstRowOr(this.fingerprint[0], this.fingerprint[1], row);
    if (first === -1 || first === row) {
      return { row, input, event: check.event, errors: NO_ISSUES, warnings: NO_ISSUES, duplicateOf: null };
    }
    this.counts.duplicates++;
    return asDuplicate({ row, input, event: check.event, errors: NO_ISSUES, warnings: NO_ISSUES, duplicateOf: null }, first);
  }
}

/**
 * The outcome checkInput gives a valid row, made again from what the check found: the instant and,
 * where they differ from the row's own (trimmed, blank ones left out, JSON made canonical), the
 * parameters. What a worker that checked the row hands over instead of the whole outcome.
 */
export function validOutcome(row: number, input: EventInput, occurredMs: number, params: Record<string, string> = input.params): RowOutcome {
  const event: EventRecord = { email: addressOf(input.email), eventName: input.event_name.trim(), occurredMs, params };
  return { row, input, event, errors: NO_ISSUES, warnings: NO_ISSUES, duplicateOf: null };
}

/** A valid row that repeats row `first`: it is skipped at import, not rejected. */
export function asDuplicate(outcome: RowOutcome, first: number): RowOutcome {
  const warnings = [{ field: "row", message: `Duplicate of row ${first}: it will be skipped.` }];
  return { ...outcome, warnings, duplicateOf: first };
}
