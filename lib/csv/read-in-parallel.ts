import type { DateOrderFinding, DateOrderRequest } from "@/lib/events/date-order";
import { fingerprintEvent } from "@/lib/events/dedup";
import { FingerprintTable } from "@/lib/events/fingerprint-table";
import type { ColumnMapping } from "@/lib/events/headers";
import { newParams } from "@/lib/events/row";
import { asDuplicate, mapRecord, validOutcome, type RowOutcome } from "@/lib/events/validator";
import { FileProblem, type FileError } from "./file-errors";
import { JsonColumns } from "./json-columns";
import { unpackRow } from "./packed-fields";
import { FIRST_LINES, failedRead, readEventsFile, type KnownHeader, type RangeEnd, type ReadOptions, type ReadResult } from "./read-events-file";
import { checkRange, sliceSource, type RangeRead, type RangeResult, type RangeTask, type RowsWanted } from "./read-range";
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
 * What is read before the ranges start, for the header and, most often, the date order of the time
 * column (the first date that reads one way only comes within a few rows in most files).
 */
const PREFIX_BYTES = 4 << 20;
const QUOTE = 0x22;

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
 * The rows of both ranges to `onRow`, in row order, with the duplicates decided across them; and
 * whether anything was handed over, which a read on one core after all must void first.
 */
class RowJoin {
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

/**
 * The header and, when the start of the file proves it, the date order, read from the file's first
 * few megabytes; and about how long a row is there, to size what holds the rows' fingerprints.
 */
async function scanStart(source: ByteSource, options: ParallelReadOptions): Promise<{ header: KnownHeader; proof: "MDY" | "DMY" | null; bytesPerRow: number } | null> {
  const head = await source.read(0, Math.min(source.size, options.prefixBytes ?? PREFIX_BYTES));
  // Up to a line break, so that no character is cut in two (neither byte is ever part of another character).
  const end = Math.max(head.lastIndexOf(0x0a), head.lastIndexOf(0x0d)) + 1;
  if (end === 0) return null;
  const scan = await readEventsFile(sliceSource(source, 0, end), {
    timeZone: options.timeZone, nowMs: options.nowMs, columns: options.columns, dateOrder: options.dateOrder ?? "auto",
    requireColumns: options.requireColumns, encoding: options.encoding, signal: options.signal, scanOnly: true,
  });
  if (scan.error || !scan.file || !scan.mapping) return null;
  let lines = 0;
  for (let at = head.indexOf(0x0a); at !== -1 && at < end; at = head.indexOf(0x0a, at + 1)) lines++;
  return { header: { headers: scan.headers, facts: scan.file }, proof: scan.dateOrder.finding.proof?.order ?? null, bytesPerRow: end / Math.max(1, lines) };
}

function sameHeader(end: { headers: string[]; facts: KnownHeader["facts"] | null }, header: KnownHeader): boolean {
  const facts = end.facts;
  return facts !== null && facts.encoding === header.facts.encoding && facts.delimiter === header.facts.delimiter &&
    facts.newline === header.facts.newline && end.headers.length === header.headers.length &&
    end.headers.every((name, i) => name === header.headers[i]);
}

/**
 * Bytes on either side of the cut's target: without a quote among them, the first line break past
 * the target ends a record, and the quotes before need not be counted (half the file, read once more).
 */
const QUOTE_FREE_BYTES = 64 << 10;

/**
 * The first line break past `target` when no quote comes near it; null where the quotes must be
 * counted. Only a quoted field longer than the window, with line breaks, could hold that line break:
 * then the first range ends inside a record, which its reader notices, and the file is read on one core.
 */
async function quoteFreeCut(source: ByteSource, target: number, newline: number): Promise<number | null> {
  const from = Math.max(0, target - QUOTE_FREE_BYTES);
  const bytes = await source.read(from, Math.min(source.size, target + QUOTE_FREE_BYTES));
  if (bytes.includes(QUOTE)) return null;
  const lineEnd = bytes.indexOf(newline, target - from);
  return lineEnd === -1 ? null : from + lineEnd + 1;
}

/**
 * The first record boundary at or past `target`: the byte after a line break outside quotes. Quotes are
 * counted from the start of the file (a quoted field may hold line breaks); where a file's quotes are
 * not paired as the standard has them, papaparse may disagree, which the first range's reader notices.
 */
export async function findRecordCut(source: ByteSource, target: number, newline: number, chunkBytes = 4 << 20): Promise<number | null> {
  const near = await quoteFreeCut(source, target, newline);
  if (near !== null) return near;
  let quoted = false;
  for (let start = 0; start < source.size; start += chunkBytes) {
    const bytes = await source.read(start, Math.min(start + chunkBytes, source.size));
    let from = 0;
    for (;;) {
      const quote = bytes.indexOf(QUOTE, from);
      const stop = quote === -1 ? bytes.length : quote;
      if (!quoted && start + stop > target) {
        const lineEnd = bytes.indexOf(newline, Math.max(from, target - start));
        if (lineEnd !== -1 && lineEnd < stop) return start + lineEnd + 1;
      }
      if (quote === -1) break;
      quoted = !quoted;
      from = quote + 1;
    }
  }
  return null;
}

/** What the file says as one, from where both ranges' readers ended. */
function joinedResult(head: RangeEnd, second: RangeEnd, duplicates: number): ReadResult {
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
