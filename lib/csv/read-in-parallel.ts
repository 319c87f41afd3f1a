import type { DateOrderRequest } from "@/lib/events/date-order";
import type { RowOutcome } from "@/lib/events/validator";
import { findRecordCut, sameHeader, scanStart } from "./file-cut";
import { RowJoin, joinedResult } from "./range-join";
import { failedRead, readEventsFile, type KnownHeader, type ReadOptions, type ReadResult } from "./read-events-file";
import { checkRange, type RangeRead, type RangeResult, type RangeTask, type RowsWanted } from "./read-range";
import { detectEncoding, sniffNotCsv } from "./sniff";
import type { ByteSource } from "./source";

/**
 * Reads one range in another worker (a worker thread, a Web Worker); `onProgress` gets the bytes of
 * the file read so far (the range's start included) and the rows checked. `signal`: the range is no
 * longer wanted (the first range stopped the read), and may be left unread.
 */
export type RunRange = (task: RangeTask, onProgress?: (bytesRead: number, rows: number) => void, signal?: AbortSignal) => Promise<RangeResult>;

export type ParallelReadOptions = Omit<ReadOptions, "onRow" | "scanOnly"> & {
  rows: RowsWanted;
  /**
   * The rows `rows` asks for, in row order, each with the whole file's duplicates known; the fields
   * when `withFields`. The first range's rows come while the second is read; should the file be read
   * on one core after all, `onRestart` voids them first.
   */
  onRow?: (outcome: RowOutcome, fields: string[] | null) => void;
  withFields?: boolean;
  /** Below this a file is read on one core: starting a worker costs more than it saves. */
  minSplitBytes?: number;
  /** Where to look for the cut, in bytes (the middle by default). */
  cutTarget?: number;
  /** How much of the file's start is read first, for its header and its date order. */
  prefixBytes?: number;
  /** The file is read on one core after all, and why. */
  onOneCore?: (reason: string) => void;
};

export const MIN_SPLIT_BYTES = 8 << 20;

/**
 * readEventsFile on two cores: the file is cut in two at a record boundary past its middle, this
 * thread reads and checks the first range while `runRange` does the second, and the two are joined
 * in row order. The duplicates are decided across the whole file as one reader decides them, the date
 * order is the one the first proving value gives the file, and the rows, their numbers and messages,
 * the counts and the file's facts are what readEventsFile gives. Whatever the second range's reader
 * could not know in advance (the first range proves another date order than the start of the file
 * did, or leaves rows waiting for one; papaparse ends the first range elsewhere than the cut; a
 * range is not UTF-8 or has a file-level problem) makes it read again, or the whole file on one core.
 *
 * The first range starts the file, so its rows are final as they are checked (their duplicates too,
 * found in row order): they go to `onRow` at once, and only the second range's wait for the join.
 */
export async function readEventsFileInParallel(source: ByteSource, options: ParallelReadOptions, runRange: RunRange | null): Promise<ReadResult> {
  if (!runRange) return oneCore(source, options, "no second worker");
  if (source.size < (options.minSplitBytes ?? MIN_SPLIT_BYTES)) return oneCore(source, options, "small file");
  const head = await source.read(0, 16);
  const encoding = options.encoding ?? detectEncoding(head);
  if (sniffNotCsv(head)) return oneCore(source, options, "not a CSV");
  if (encoding === "utf-16le" || encoding === "utf-16be") return oneCore(source, options, "UTF-16");

  const start = await scanStart(source, options);
  if (!start) return oneCore(source, options, "no header at the start");
  const newline = start.header.facts.newline === "\r" ? 0x0d : 0x0a;
  const cut = await findRecordCut(source, options.cutTarget ?? Math.floor(source.size / 2), newline);
  if (cut === null || cut >= source.size) return oneCore(source, options, "no record boundary past the middle");

  const request = options.dateOrder ?? "auto";
  const task = (from: number, to: number, header: KnownHeader | null, dateOrder: RangeTask["dateOrder"]): RangeTask => ({
    start: from, end: to, last: to === source.size, header, encoding: start.header.facts.encoding, timeZone: options.timeZone,
    nowMs: options.nowMs, dateOrder, columns: options.columns, jsonParams: options.jsonParams, requireColumns: options.requireColumns,
    fingerprints: options.findDuplicates !== false, rows: options.rows, withFields: options.withFields === true, chunkBytes: options.chunkBytes,
    expectedRows: Math.ceil((to - from) / start.bytesPerRow),
  });
  let secondOrder: DateOrderRequest = request === "auto" ? (start.proof ?? "auto") : request;
  const progress = [{ bytes: 0, rows: 0 }, { bytes: 0, rows: 0 }];
  const report = (part: number) => (bytesRead: number, rows: number) => {
    progress[part] = { bytes: bytesRead - (part === 0 ? 0 : cut), rows };
    options.onProgress?.({ bytesRead: progress[0].bytes + progress[1].bytes, totalBytes: source.size, rows: progress[0].rows + progress[1].rows });
  };
  const join = new RowJoin(options, Math.ceil(cut / start.bytesPerRow));
  // Where the first range stops the read (too many rows) or fails, the second is not waited for.
  const unwanted = new AbortController();
  const reading = bothSettled(
    checkRange(source, task(0, cut, null, request), { signal: options.signal, onProgress: report(0), onHeader: join.onHeader, onRow: join.firstRangeRow })
      .finally(() => join.stopped && unwanted.abort()),
    runRange(task(cut, source.size, start.header, secondOrder), report(1), unwanted.signal),
    () => unwanted.abort(),
  );
  let results: [RangeRead, RangeResult];
  try {
    results = await reading;
  } catch (error) {
    if (!join.stopped) throw error;
    return failedRead(join.stopped);
  }
  if (join.stopped) return failedRead(join.stopped);
  const [first, second] = results;
  const again = (reason: string) => {
    join.restart();
    return oneCore(source, options, reason);
  };
  if (!first.ok || !second.ok) {
    const notUtf8 = (first.ok || first.error === null) && (second.ok || second.error === null);
    // Bytes that are not UTF-8 past the start: the whole file is Windows-1252, as the one-core reader finds.
    if (notUtf8 && !options.encoding) {
      join.restart();
      return readEventsFileInParallel(source, { ...options, encoding: "windows-1252" }, runRange);
    }
    return again("a range is not readable");
  }
  const end = first.end;
  if (!end.atRecordStart) return again("papaparse reads the quotes otherwise");
  if (!sameHeader(end, start.header)) return again("the header is not at the start");
  if (end.waiting > 0) return again("rows wait for the date order at the cut");
  let last: RangeResult = second;
  if (request === "auto" && end.order !== (secondOrder === "auto" ? null : secondOrder)) {
    // The first range proves another order than its start did (or none, when the start read past the
    // cut): the second is checked again with what the first range leaves.
    secondOrder = end.order ?? "auto";
    last = await runRange(task(cut, source.size, start.header, secondOrder));
    if (!last.ok) return again("a range is not readable");
  }
  // No row at all is the one-core reader's to say, as it says it.
  if (end.counts.total + last.end.counts.total === 0) return again("no rows");
  join.secondRange(last, end.records);
  if (join.stopped) return failedRead(join.stopped);
  return joinedResult(end, last.end, join.duplicates);
}


/**
 * Both results once both have settled, or the first failure then: the first range's reader hands rows
 * over as it goes, and must have stopped before the caller hears that the read failed. A failure of
 * the first calls `firstFailed` at once, so that the second need not be read to its end.
 */
async function bothSettled<A, B>(a: Promise<A>, b: Promise<B>, firstFailed: () => void): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a.catch((error: unknown) => {
    firstFailed();
    throw error;
  }), b]);
  if (first.status === "rejected") throw first.reason;
  if (second.status === "rejected") throw second.reason;
  return [first.value, second.value];
}

function oneCore(source: ByteSource, options: ParallelReadOptions, reason: string): Promise<ReadResult> {
  options.onOneCore?.(reason);
  return readOnOneCore(source, options);
}

async function readOnOneCore(source: ByteSource, options: ParallelReadOptions): Promise<ReadResult> {
  const { rows, onRow, withFields } = options;
  const wanted = (outcome: RowOutcome) => rows === "all" || (rows === "rejected" && outcome.errors.length > 0);
  return readEventsFile(source, {
    ...options,
    onRow: onRow && rows !== "none" ? (outcome, fields) => wanted(outcome) && onRow(outcome, withFields ? fields : null) : undefined,
  });
}
