import type { DateOrderFinding, DateOrderRequest } from "@/lib/events/date-order";
import { FingerprintTable } from "@/lib/events/fingerprint-table";
import { asDuplicate, type RowOutcome } from "@/lib/events/validator";
import { JsonColumns } from "./json-columns";
import { readEventsFile, type KnownHeader, type ReadOptions, type ReadResult } from "./read-events-file";
import { readRange, sliceSource, type RangeResult, type RangeTask, type RowsWanted } from "./read-range";
import { detectEncoding, sniffNotCsv } from "./sniff";
import type { ByteSource } from "./source";

/** Reads one range in another worker (a worker thread, a Web Worker); `onProgress` gets the bytes read so far. */
export type RunRange = (task: RangeTask, onProgress?: (bytesRead: number) => void) => Promise<RangeResult>;

export type ParallelReadOptions = Omit<ReadOptions, "onRow" | "scanOnly"> & {
  rows: RowsWanted;
  /** The rows `rows` asks for, in row order, after the whole file's duplicates are known; the fields when `withFields`. */
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
 */
export async function readEventsFileInParallel(source: ByteSource, options: ParallelReadOptions, runRange: RunRange | null): Promise<ReadResult> {
  const oneCore = (reason: string) => {
    options.onOneCore?.(reason);
    return readOnOneCore(source, options);
  };
  if (!runRange) return oneCore("no second worker");
  if (source.size < (options.minSplitBytes ?? MIN_SPLIT_BYTES)) return oneCore("small file");
  const head = await source.read(0, 16);
  const encoding = options.encoding ?? detectEncoding(head);
  if (sniffNotCsv(head)) return oneCore("not a CSV");
  if (encoding === "utf-16le" || encoding === "utf-16be") return oneCore("UTF-16");

  const start = await scanStart(source, options);
  if (!start) return oneCore("no header at the start");
  const newline = start.header.facts.newline === "\r" ? 0x0d : 0x0a;
  const cut = await findRecordCut(source, options.cutTarget ?? Math.floor(source.size / 2), newline);
  if (cut === null || cut >= source.size) return oneCore("no record boundary past the middle");

  const request = options.dateOrder ?? "auto";
  const task = (from: number, to: number, header: KnownHeader | null, dateOrder: RangeTask["dateOrder"]): RangeTask => ({
    start: from, end: to, last: to === source.size, header, encoding: start.header.facts.encoding, timeZone: options.timeZone,
    nowMs: options.nowMs, dateOrder, columns: options.columns, jsonParams: options.jsonParams, requireColumns: options.requireColumns,
    fingerprints: options.findDuplicates !== false, rows: options.rows, withFields: options.withFields === true, chunkBytes: options.chunkBytes,
  });
  let secondOrder: DateOrderRequest = request === "auto" ? (start.proof ?? "auto") : request;
  const progress = [0, 0];
  const report = (part: number) => (bytesRead: number) => {
    progress[part] = bytesRead - (part === 0 ? 0 : cut);
    options.onProgress?.({ bytesRead: progress[0] + progress[1], totalBytes: source.size, rows: 0 });
  };
  const [first, second] = await Promise.all([
    readRange(source, task(0, cut, null, request), options.signal, report(0)),
    runRange(task(cut, source.size, start.header, secondOrder), report(1)),
  ]);
  if (!first.ok || !second.ok) {
    const notUtf8 = (first.ok || first.error === null) && (second.ok || second.error === null);
    // Bytes that are not UTF-8 past the start: the whole file is Windows-1252, as the one-core reader finds.
    if (notUtf8 && !options.encoding) return readEventsFileInParallel(source, { ...options, encoding: "windows-1252" }, runRange);
    return oneCore("a range is not readable");
  }
  const end = first.end;
  if (!end.atRecordStart) return oneCore("papaparse reads the quotes otherwise");
  if (!sameHeader(end, start.header)) return oneCore("the header is not at the start");
  if (end.waiting > 0) return oneCore("rows wait for the date order at the cut");
  let last: RangeResult = second;
  if (request === "auto" && end.order !== (secondOrder === "auto" ? null : secondOrder)) {
    // The first range proves another order than its start did (or none, when the start read past the
    // cut): the second is checked again with what the first range leaves.
    secondOrder = end.order ?? "auto";
    last = await runRange(task(cut, source.size, start.header, secondOrder));
    if (!last.ok) return oneCore("a range is not readable");
  }
  // No row at all is the one-core reader's to say, as it says it.
  if (end.counts.total + last.end.counts.total === 0) return oneCore("no rows");
  return joinRanges(first, last, options);
}

async function readOnOneCore(source: ByteSource, options: ParallelReadOptions): Promise<ReadResult> {
  const { rows, onRow, withFields } = options;
  const wanted = (outcome: RowOutcome) => rows === "all" || (rows === "rejected" && outcome.errors.length > 0);
  return readEventsFile(source, {
    ...options,
    onRow: onRow && rows !== "none" ? (outcome, fields) => wanted(outcome) && onRow(outcome, withFields ? fields : null) : undefined,
  });
}

/** The header and, when the start of the file proves it, the date order, read from the file's first few megabytes. */
async function scanStart(source: ByteSource, options: ParallelReadOptions): Promise<{ header: KnownHeader; proof: "MDY" | "DMY" | null } | null> {
  const head = await source.read(0, Math.min(source.size, options.prefixBytes ?? PREFIX_BYTES));
  // Up to a line break, so that no character is cut in two (neither byte is ever part of another character).
  const end = Math.max(head.lastIndexOf(0x0a), head.lastIndexOf(0x0d)) + 1;
  if (end === 0) return null;
  const scan = await readEventsFile(sliceSource(source, 0, end), {
    timeZone: options.timeZone, nowMs: options.nowMs, columns: options.columns, dateOrder: options.dateOrder ?? "auto",
    requireColumns: options.requireColumns, encoding: options.encoding, signal: options.signal, scanOnly: true,
  });
  if (scan.error || !scan.file || !scan.mapping) return null;
  return { header: { headers: scan.headers, facts: scan.file }, proof: scan.dateOrder.finding.proof?.order ?? null };
}

function sameHeader(end: { headers: string[]; facts: KnownHeader["facts"] | null }, header: KnownHeader): boolean {
  const facts = end.facts;
  return facts !== null && facts.encoding === header.facts.encoding && facts.delimiter === header.facts.delimiter &&
    facts.newline === header.facts.newline && end.headers.length === header.headers.length &&
    end.headers.every((name, i) => name === header.headers[i]);
}

/**
 * The first record boundary at or past `target`: the byte after a line break outside quotes. Quotes are
 * counted from the start of the file (a quoted field may hold line breaks); where a file's quotes are
 * not paired as the standard has them, papaparse may disagree, which the first range's reader notices.
 */
export async function findRecordCut(source: ByteSource, target: number, newline: number, chunkBytes = 4 << 20): Promise<number | null> {
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

/** Both ranges' rows in row order, with the duplicates decided across the file, and what the file says as one. */
function joinRanges(first: Extract<RangeResult, { ok: true }>, second: Extract<RangeResult, { ok: true }>, options: ParallelReadOptions): ReadResult {
  const head = first.end;
  const mapping = head.mapping!;
  options.onHeader?.(head.headers, mapping);
  const table = options.findDuplicates === false ? null : new FingerprintTable();
  let duplicates = 0;
  const parts = [{ range: first, offset: 0 }, { range: second, offset: head.records }];
  for (const { range, offset } of parts) {
    const { outcomes, fields, validRows, fingerprints } = range.rows;
    // The first row each valid row repeats, in row order across the ranges: the first occurrence wins.
    const firstRows = new Int32Array(validRows.length);
    for (let i = 0; i < validRows.length; i++) {
      const row = validRows[i] + offset;
      const firstRow = table ? table.firstRowOr(fingerprints[i * 2], fingerprints[i * 2 + 1], row) : -1;
      firstRows[i] = firstRow === row ? -1 : firstRow;
      if (firstRows[i] !== -1) duplicates++;
    }
    if (!options.onRow) continue;
    let valid = 0;
    for (let i = 0; i < outcomes.length; i++) {
      let outcome = outcomes[i];
      outcome.row += offset;
      if (outcome.event && table) {
        // Every valid row is among the outcomes when any is: `rows` is "all".
        const firstRow = firstRows[valid++];
        if (firstRow !== -1) outcome = asDuplicate(outcome, firstRow);
      }
      options.onRow(outcome, fields ? fields[i] : null);
    }
  }
  const counts = {
    total: first.end.counts.total + second.end.counts.total,
    valid: first.end.counts.valid + second.end.counts.valid,
    invalid: first.end.counts.invalid + second.end.counts.invalid,
    duplicates,
  };
  const finding = joinFindings(head.finding, second.end.finding, head.records);
  const checkedUndecided = head.checkedUndecided || second.end.checkedUndecided;
  return {
    file: head.facts, headers: head.headers, headerRow: head.headerRow, mapping, error: null, counts,
    dateOrder: { order: second.end.order, finding, recheck: checkedUndecided && finding.proof !== null },
    jsonColumns: JsonColumns.joined(mapping.params, [head.json, second.end.json]),
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
