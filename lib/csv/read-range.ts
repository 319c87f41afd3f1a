import type { ColumnChoices } from "@/lib/events/column-choices";
import type { DateOrderRequest } from "@/lib/events/date-order";
import { fingerprintEvent } from "@/lib/events/dedup";
import { FingerprintTable } from "@/lib/events/fingerprint-table";
import type { RowOutcome } from "@/lib/events/validator";
import { FileProblem, type FileError } from "./file-errors";
import { FieldPacker, packedBuffers, type PackedFields } from "./packed-fields";
import { FileReaderState, pushText, type KnownHeader, type RangeEnd, type ReadOptions } from "./read-events-file";
import type { Encoding } from "./sniff";
import type { ByteSource } from "./source";

/** Which checked rows a reader hands over: every one, the rejected ones (a summary), or none (counts alone). */
export type RowsWanted = "all" | "rejected" | "none";

/**
 * One range of a file to read and check, from a record's start to a record's start (or the end), in a
 * worker of its own. Plain data, so that it crosses to a worker thread or a Web Worker as it is.
 */
export type RangeTask = {
  start: number;
  end: number;
  /** The range ends the file: its last record and the rows still waiting for the date order are its own. */
  last: boolean;
  /** Null for the first range, which finds the header itself. */
  header: KnownHeader | null;
  encoding: Encoding;
  timeZone: string;
  nowMs: number;
  dateOrder: DateOrderRequest;
  columns?: ColumnChoices;
  jsonParams?: readonly string[];
  requireColumns?: boolean;
  /** Fingerprints of the valid rows, for the duplicates to be decided across the whole file. */
  fingerprints: boolean;
  rows: RowsWanted;
  /** The fields of each row handed over, as the file has them. */
  withFields: boolean;
  chunkBytes?: number;
  /** About how many rows the range holds, to size what holds their fingerprints. */
  expectedRows?: number;
};

/**
 * The rows of a range, numbered within it (the first record of the range is row 1, but for the first
 * range, which starts the file), compactly, for a worker to hand over in a few copies and transfers:
 * a valid row is its number, its instant and its fields (its outcome is made again from them,
 * validOutcome), a rejected row its whole outcome. With the fingerprint of every valid row, two
 * numbers each, and the duplicates within the range, for the join to decide only those of earlier ranges.
 */
export type RangeRows = {
  /** Each row's number, in row order. */
  rows: Int32Array;
  /** Each row's instant; NaN for a rejected row. */
  instants: Float64Array;
  /** The rejected rows' outcomes, and where each is among the rows. */
  rejected: RowOutcome[];
  rejectedAt: Int32Array;
  /** The valid rows whose checked parameters are not the ones their fields map to, by where they are among the rows. */
  params: Map<number, Record<string, string>>;
  /** Every row's fields, as the file has them: when the task asks for them, or for every row (valid rows are made again from them). */
  fields: PackedFields | null;
  validRows: Int32Array;
  fingerprints: Uint32Array;
  /** For each valid row, the earlier valid row of the range it repeats (where it is among the valid rows), or -1. */
  repeats: Int32Array;
};

/** `error` null: the range is not UTF-8, and the file is to be read as Windows-1252. */
export type RangeResult = { ok: true; end: RangeEnd; rows: RangeRows } | { ok: false; error: FileError | null };
export type RangeRead = { ok: true; end: RangeEnd } | { ok: false; error: FileError | null };

export type RangeHooks = {
  signal?: AbortSignal;
  /** The bytes of the file read so far (the range's start included) and the rows checked. */
  onProgress?: (bytesRead: number, rows: number) => void;
  /** The header, for the first range, which finds it. */
  onHeader?: ReadOptions["onHeader"];
  /** Each row with content as it is checked, in row order, with its fields. */
  onRow?: ReadOptions["onRow"];
};

/** A part of a source, as a source of its own. */
export function sliceSource(source: ByteSource, start: number, end: number): ByteSource {
  return { size: end - start, read: (from, to) => source.read(start + from, start + Math.min(to, end - start)) };
}

/**
 * Reads and checks one range of a file with the rules of readEventsFile, handing each row over as it
 * is checked; the duplicates are left to whoever joins the ranges.
 */
export async function checkRange(source: ByteSource, task: RangeTask, hooks: RangeHooks = {}): Promise<RangeRead> {
  const { signal, onProgress } = hooks;
  const options: ReadOptions = {
    timeZone: task.timeZone,
    nowMs: task.nowMs,
    dateOrder: task.dateOrder,
    columns: task.columns,
    jsonParams: task.jsonParams,
    requireColumns: task.requireColumns,
    findDuplicates: false,
    chunkBytes: task.chunkBytes,
    signal,
    onProgress: onProgress && ((progress) => onProgress(progress.bytesRead, progress.rows)),
    onHeader: hooks.onHeader,
    onRow: hooks.onRow,
  };
  const reader = new FileReaderState(task.encoding, options, task.header ?? undefined);
  try {
    await pushText(reader, sliceSource(source, task.start, task.end), options, task.start, source.size);
    if (task.last) reader.finishRows();
  } catch (error) {
    if (error instanceof FileProblem) return { ok: false, error: error.problem };
    if (task.encoding === "utf-8" && error instanceof TypeError && !signal?.aborted) return { ok: false, error: null };
    throw error;
  }
  return { ok: true, end: reader.rangeEnd() };
}

/** checkRange, keeping the rows the task asks for as RangeRows. */
export async function readRange(
  source: ByteSource,
  task: RangeTask,
  signal?: AbortSignal,
  onProgress?: (bytesRead: number, rows: number) => void,
): Promise<RangeResult> {
  let rows = new Int32Array(1 << 14);
  let instants = new Float64Array(rows.length);
  let count = 0;
  const rejected: RowOutcome[] = [];
  const rejectedAt: number[] = [];
  const params = new Map<number, Record<string, string>>();
  const fields = task.withFields || task.rows === "all" ? new FieldPacker() : null;
  let validRows = new Int32Array(task.fingerprints ? 1 << 14 : 0);
  let fingerprints = new Uint32Array(validRows.length * 2);
  let repeats = new Int32Array(validRows.length);
  let valid = 0;
  const fingerprint = new Uint32Array(2);
  // Valid rows by fingerprint, numbered from 1 as the table has them.
  const seen = new FingerprintTable(task.fingerprints ? task.expectedRows : 0);
  const keep = (outcome: RowOutcome, rowFields: string[]) => {
    if (count === rows.length) {
      rows = grown(rows, count * 2);
      instants = grown(instants, count * 2);
    }
    rows[count] = outcome.row;
    if (outcome.event) {
      instants[count] = outcome.event.occurredMs;
      if (outcome.event.params !== outcome.input.params) params.set(count, outcome.event.params);
    } else {
      instants[count] = Number.NaN;
      rejected.push(outcome);
      rejectedAt.push(count);
    }
    fields?.push(rowFields);
    count++;
  };
  const read = await checkRange(source, task, {
    signal,
    onProgress,
    onRow: (outcome, rowFields) => {
      if (!outcome.event) {
        if (task.rows !== "none") keep(outcome, rowFields);
        return;
      }
      if (task.rows === "all") keep(outcome, rowFields);
      if (!task.fingerprints) return;
      if (valid === validRows.length) {
        validRows = grown(validRows, validRows.length * 2);
        fingerprints = grown(fingerprints, fingerprints.length * 2);
        repeats = grown(repeats, repeats.length * 2);
      }
      validRows[valid] = outcome.row;
      fingerprintEvent(outcome.event, fingerprint);
      fingerprints[valid * 2] = fingerprint[0];
      fingerprints[valid * 2 + 1] = fingerprint[1];
      const first = seen.firstRowOr(fingerprint[0], fingerprint[1], valid + 1);
      repeats[valid] = first === -1 ? -1 : first - 1;
      valid++;
    },
  });
  if (!read.ok) return read;
  return {
    ok: true,
    end: read.end,
    rows: {
      rows: rows.slice(0, count), instants: instants.slice(0, count), rejected, rejectedAt: Int32Array.from(rejectedAt), params,
      fields: fields?.packed() ?? null, validRows: validRows.slice(0, valid), fingerprints: fingerprints.slice(0, valid * 2),
      repeats: repeats.slice(0, valid),
    },
  };
}

/** The buffers of a range's result, to transfer to the thread that joins the ranges rather than copy. */
export function rangeTransfer(result: RangeResult): ArrayBuffer[] {
  if (!result.ok) return [];
  const { rows, instants, rejectedAt, fields, validRows, fingerprints, repeats } = result.rows;
  return [rows, instants, rejectedAt, validRows, fingerprints, repeats].map((array) => array.buffer as ArrayBuffer).concat(packedBuffers(fields));
}

function grown<T extends Int32Array | Uint32Array | Float64Array>(array: T, length: number): T {
  const larger = new (array.constructor as new (length: number) => T)(length);
  larger.set(array);
  return larger;
}
