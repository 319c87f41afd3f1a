import { fingerprintEvent } from "@/lib/events/dedup";
import { FingerprintTable } from "@/lib/events/fingerprint-table";
import type { ColumnMapping } from "@/lib/events/headers";
import { newParams } from "@/lib/events/row";
import { asDuplicate, mapRecord, validOutcome, type RowOutcome } from "@/lib/events/validator";
import { FileProblem, type FileError } from "./file-errors";
import { unpackRow } from "./packed-fields";
import type { RangeResult } from "./read-range";
import type { ParallelReadOptions } from "./parallel-types";

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

  constructor(private readonly options: ParallelReadOptions, firstRangeRows: number) {
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

