import type { ColumnChoices } from "@/lib/events/column-choices";
import type { DateOrderRequest } from "@/lib/events/date-order";
import { fingerprintEvent } from "@/lib/events/dedup";
import type { RowOutcome } from "@/lib/events/validator";
import { FileProblem, type FileError } from "./file-errors";
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
};

/**
 * The rows of a range, numbered within it (the first record of the range is row 1, but for the first
 * range, which starts the file), with the fingerprint of every valid row, two numbers each.
 */
export type RangeRows = {
  outcomes: RowOutcome[];
  fields: string[][] | null;
  validRows: Int32Array;
  fingerprints: Uint32Array;
};

/** `error` null: the range is not UTF-8, and the file is to be read as Windows-1252. */
export type RangeResult = { ok: true; end: RangeEnd; rows: RangeRows } | { ok: false; error: FileError | null };

/** A part of a source, as a source of its own. */
export function sliceSource(source: ByteSource, start: number, end: number): ByteSource {
  return { size: end - start, read: (from, to) => source.read(start + from, start + Math.min(to, end - start)) };
}

/** Reads and checks one range of a file with the rules of readEventsFile; the duplicates are left to whoever joins the ranges. */
export async function readRange(
  source: ByteSource,
  task: RangeTask,
  signal?: AbortSignal,
  onProgress?: (bytesRead: number) => void,
): Promise<RangeResult> {
  const outcomes: RowOutcome[] = [];
  const fields: string[][] | null = task.withFields ? [] : null;
  let validRows = new Int32Array(task.fingerprints ? 1 << 14 : 0);
  let fingerprints = new Uint32Array(validRows.length * 2);
  let valid = 0;
  const fingerprint = new Uint32Array(2);
  const keep = (outcome: RowOutcome, rowFields: string[]) => {
    outcomes.push(outcome);
    fields?.push(rowFields);
  };
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
    onProgress: onProgress && ((progress) => onProgress(progress.bytesRead)),
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
      }
      validRows[valid] = outcome.row;
      fingerprintEvent(outcome.event, fingerprint);
      fingerprints[valid * 2] = fingerprint[0];
      fingerprints[valid * 2 + 1] = fingerprint[1];
      valid++;
    },
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
  const rows = { outcomes, fields, validRows: validRows.slice(0, valid), fingerprints: fingerprints.slice(0, valid * 2) };
  return { ok: true, end: reader.rangeEnd(), rows };
}

function grown<T extends Int32Array | Uint32Array>(array: T, length: number): T {
  const larger = new (array.constructor as new (length: number) => T)(length);
  larger.set(array);
  return larger;
}
