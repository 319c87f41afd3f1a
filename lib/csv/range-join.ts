import type { DateOrderFinding } from "@/lib/events/date-order";
import { fingerprintEvent } from "@/lib/events/dedup";
import { FingerprintTable } from "@/lib/events/fingerprint-table";
import type { ColumnMapping } from "@/lib/events/headers";
import { newParams } from "@/lib/events/row";
import { asDuplicate, mapRecord, validOutcome, type RowOutcome } from "@/lib/events/validator";
import { FileProblem, type FileError } from "./file-errors";
import { JsonColumns } from "./json-columns";
import { unpackRow } from "./packed-fields";
import { FIRST_LINES, type RangeEnd, type ReadOptions, type ReadResult } from "./read-events-file";
import type { RangeResult, RowsWanted } from "./read-range";

/** What the join of two ranges needs of the parallel read's options. */
export type JoinOptions = Pick<ReadOptions, "onHeader" | "onRestart" | "findDuplicates"> & {
  rows: RowsWanted;
  onRow?: (outcome: RowOutcome, fields: string[] | null) => void;
  withFields?: boolean;
};

/**
 * The rows of both ranges to `onRow`, in row order, with the duplicates decided across them; and
 * whether anything was handed over, which a read on one core after all must void first.
 */
export class RowJoin {
  duplicates = 0;
  /** A file-level problem the caller's onRow raised (too many rows): the read stops there, as on one core. */
  stopped: FileError | null = null;
  private handedOver = false;
  private readonly table: FingerprintTable | null;
  private readonly fingerprint = new Uint32Array(2);

  constructor(private readonly options: JoinOptions, firstRangeRows: number) {
    this.table = options.findDuplicates === false ? null : new FingerprintTable(firstRangeRows);
  }

  readonly onHeader = (headers: string[], mapping: ColumnMapping) => {
    this.handedOver = true;
    this.options.onHeader?.(headers, mapping);
  };

  readonly firstRangeRow = (outcome: RowOutcome, fields: string[]) => {
    let checked = outcome;
    if (outcome.event && this.table) {
      fingerprintEvent(outcome.event, this.fingerprint);
      const first = this.table.firstRowOr(this.fingerprint[0], this.fingerprint[1], outcome.row);
      if (first !== -1 && first !== outcome.row) {
        this.duplicates++;
        checked = asDuplicate(outcome, first);
      }
    }
    const { rows, withFields } = this.options;
    if (rows === "all" || (rows === "rejected" && !checked.event)) this.deliver(checked, withFields ? fields : null);
  };

  secondRange(range: Extract<RangeResult, { ok: true }>, offset: number): void {
    const { rows, instants, rejected, rejectedAt, params, fields, validRows, fingerprints, repeats } = range.rows;
    // The first row each valid row repeats, across the ranges: the first occurrence wins. A row the
    // range has seen before repeats what that earlier row repeats, or that row; another one, the
    // first range's row with its fingerprint, if any. The last range's rows need not be remembered.
    const firstRows = new Int32Array(validRows.length);
    for (let i = 0; i < validRows.length; i++) {
      const earlier = repeats[i];
      if (earlier !== -1) firstRows[i] = firstRows[earlier] !== -1 ? firstRows[earlier] : validRows[earlier] + offset;
      else firstRows[i] = this.table ? this.table.firstRow(fingerprints[i * 2], fingerprints[i * 2 + 1]) : -1;
      if (firstRows[i] !== -1) this.duplicates++;
    }
    if (!this.options.onRow) return;
    const mapping = range.end.mapping!;
    const withFields = this.options.withFields === true;
    let valid = 0;
    let next = 0;
    for (let i = 0; i < rows.length && !this.stopped; i++) {
      const rowFields = fields ? unpackRow(fields, i) : null;
      let outcome: RowOutcome;
      if (next < rejectedAt.length && rejectedAt[next] === i) {
        outcome = rejected[next++];
        outcome.row += offset;
      } else {
        // Every valid row is among the rows when any is: `rows` is "all", and the fields come with them.
        const checked = params.get(i);
        outcome = validOutcome(rows[i] + offset, mapRecord(rowFields!, mapping), instants[i], checked && Object.assign(newParams(), checked));
        const firstRow = firstRows[valid++];
        if (firstRow !== -1) outcome = asDuplicate(outcome, firstRow);
      }
      try {
        this.deliver(outcome, withFields ? rowFields : null);
      } catch (error) {
        if (!this.stopped) throw error;
      }
    }
  }

  /** Rows were handed over: the caller is told to drop them before the file is read again. */
  restart(): void {
    if (this.handedOver) this.options.onRestart?.();
    this.handedOver = false;
  }

  /** A file-level problem from `onRow` stops the read; thrown on, it stops the first range's reader, which returns it. */
  private deliver(outcome: RowOutcome, fields: string[] | null): void {
    this.handedOver = true;
    try {
      this.options.onRow!(outcome, fields);
    } catch (error) {
      if (error instanceof FileProblem) this.stopped = error.problem;
      throw error;
    }
  }
}

/** What the file says as one, from where both ranges' readers ended. */
export function joinedResult(head: RangeEnd, second: RangeEnd, duplicates: number): ReadResult {
  const mapping = head.mapping!;
  const counts = {
    total: head.counts.total + second.counts.total,
    valid: head.counts.valid + second.counts.valid,
    invalid: head.counts.invalid + second.counts.invalid,
    duplicates,
  };
  const finding = joinFindings(head.finding, second.finding, head.records);
  const checkedUndecided = head.checkedUndecided || second.checkedUndecided;
  return {
    file: head.facts, headers: head.headers, headerRow: head.headerRow, mapping, error: null, counts,
    dateOrder: { order: second.order, finding, recheck: checkedUndecided && finding.proof !== null },
    jsonColumns: JsonColumns.joined(mapping.params, [head.json, second.json]),
    // A first range shorter than the first lines: the second's follow, numbered after it.
    firstLines: [...head.firstLines, ...second.firstLines.map((line) => ({ ...line, row: line.row + head.records }))].slice(0, FIRST_LINES),
  };
}

/** What the time column says, the second range's numbers after the first's records. */
function joinFindings(first: DateOrderFinding, second: DateOrderFinding, offset: number): DateOrderFinding {
  const proof = first.proof ?? (second.proof && { ...second.proof, row: second.proof.row + offset });
  return {
    yearLast: first.yearLast + second.yearLast,
    ambiguous: first.ambiguous + second.ambiguous,
    proof,
    examples: [...first.examples, ...second.examples].slice(0, 3),
  };
}

