import { chooseColumns, type ColumnChoices } from "@/lib/events/column-choices";
import { DateOrderDetector, type DateOrder, type DateOrderFinding, type DateOrderRequest } from "@/lib/events/date-order";
import type { ColumnMapping } from "@/lib/events/headers";
import type { CheckContext } from "@/lib/events/row";
import { RowValidator, isBlankRecord, type RowCounts, type RowOutcome } from "@/lib/events/validator";
import { FileProblem, fileErrors, type FileError } from "./file-errors";
import { chooseDelimiter, findHeaderLine, firstRecordText } from "./header";
import { JsonColumns, type JsonColumnsState } from "./json-columns";
import { MAX_RECORD_CHARS, RecordParser, detectNewline, type Delimiter, type Newline } from "./record-parser";
import { readWorkbook, type WorkbookFacts } from "./read-workbook";
import { detectEncoding, isZipped, sniffNotCsv, type Encoding } from "./sniff";
import type { ByteSource } from "./source";
import {
  dropFirstLine, dropLineEndCr, isRejectedRowsFile, sepLineDelimiter, trimSpareFields, unescapeFormulas, withoutTrailingEmpty,
} from "./spreadsheet-habits";
import { decodeChunks } from "./text-chunks";

export type FileFacts = { encoding: Encoding; delimiter: Delimiter; newline: Newline };
export type ReadProgress = { bytesRead: number; totalBytes: number; rows: number };

export type ReadOptions = {
  timeZone: string;
  /** Settled beforehand (decideEncoding): read as such, never started again. */
  encoding?: Encoding;
  /** False: no "duplicate of row N" warnings, and no memory that grows with the file (see RowValidator). */
  findDuplicates?: boolean;
  nowMs: number;
  /** The order of numeric dates written year last; "auto" (the default) reads the one the time column proves. */
  dateOrder?: DateOrderRequest;
  /** Headers the user chose for fields, and one event name for every row. */
  columns?: ColumnChoices;
  /** Parameters read as JSON (found by an earlier scan or chosen); the file's own JSON columns are found either way. */
  jsonParams?: readonly string[];
  /**
   * Whether a header without the three fields stops the reading (the CLI, which cannot ask); the
   * wizard reads the rows anyway and asks in its mapping step. True by default.
   */
  requireColumns?: boolean;
  /** The sheet of a workbook to read (one of several); see readWorkbook. */
  sheet?: string;
  /** The row that holds the header, as the file numbers it, when the user has said which. */
  headerRow?: number;
  /** Awaited between stretches of a workbook's rows, which are all in memory: the caller catches up. */
  pause?: () => Promise<void>;
  /** Only find the time column's date order (see scanDateOrder): no row is checked, and reading stops at the proof. */
  scanOnly?: boolean;
  /** The header row, once found, and how its columns map to the fields. */
  onHeader?: (headers: string[], mapping: ColumnMapping) => void;
  /** Each row with content, checked, with the fields as the file has them. */
  onRow?: (outcome: RowOutcome, fields: string[]) => void;
  /** The file turned out not to be UTF-8: every row reported so far is void, and reading starts again. */
  onRestart?: () => void;
  onProgress?: (progress: ReadProgress) => void;
  signal?: AbortSignal;
  chunkBytes?: number;
};

export type ReadResult = {
  file: FileFacts | null;
  headers: string[];
  headerRow: number;
  mapping: ColumnMapping | null;
  error: FileError | null;
  counts: RowCounts;
  dateOrder: DateOrderReading;
  /** The parameter columns whose values are all JSON arrays or objects. */
  jsonColumns: string[];
  /** The file is a workbook (`file` is then null): its sheets, the one read, its date system. */
  workbook?: WorkbookFacts | null;
  /** The first lines with content, the header among them, for the user to say which is the header. */
  firstLines?: FirstLine[];
};

/** A line of the file as its fields, numbered as the spreadsheet shows it. */
export type FirstLine = { row: number; fields: string[] };
/** How many of the first lines a read keeps for the question which line is the header. */
export const FIRST_LINES = 12;

/**
 * The order the rows were read with and what the time column says. `recheck` is true when some rows
 * were checked before the column proved its order (a very long stretch of dates that read two ways):
 * the caller reads or checks them again with `finding.proof.order`.
 */
export type DateOrderReading = { order: DateOrder | null; finding: DateOrderFinding; recheck: boolean };

const NO_ROWS: RowCounts = { total: 0, valid: 0, invalid: 0, duplicates: 0 };
const NO_FINDING: DateOrderFinding = { yearLast: 0, ambiguous: 0, proof: null, examples: [] };
/**
 * While the time column has not proven its order, rows with dates that read two ways wait for the
 * proof (it usually comes within a few rows) instead of being checked twice; past this many, they are
 * checked without it and the caller is told to check again.
 */
const MAX_WAITING_ROWS = 100_000;

/** What a read that stops at a file-level problem gives. */
export function failedRead(error: FileError): ReadResult {
  return {
    file: null, headers: [], headerRow: 0, mapping: null, error, counts: NO_ROWS,
    dateOrder: { order: null, finding: NO_FINDING, recheck: false }, jsonColumns: [],
  };
}

/**
 * Reads an events CSV from start to end with the rules of lib/events: the one path for the browser's
 * worker, the CLI and the benchmark. File-level problems come back as `error`, never as exceptions;
 * only cancelling (the signal) throws.
 */
export async function readEventsFile(source: ByteSource, options: ReadOptions): Promise<ReadResult> {
  if (source.size === 0) return failedRead(fileErrors.empty());
  const head = await source.read(0, 16);
  if (isZipped(head)) return readWorkbookFile(source, options);
  const notCsv = sniffNotCsv(head);
  if (notCsv) return failedRead(notCsv);
  const encoding = options.encoding ?? detectEncoding(head);
  try {
    return await readAs(source, encoding, options);
  } catch (error) {
    if (error instanceof FileProblem) return failedRead(error.problem);
    if (encoding === "utf-8" && !options.encoding && error instanceof TypeError && !options.signal?.aborted) {
      options.onRestart?.();
      try {
        return await readAs(source, "windows-1252", options);
      } catch (retryError) {
        if (retryError instanceof FileProblem) return failedRead(retryError.problem);
        throw retryError;
      }
    }
    throw error;
  }
}

/** A workbook's chosen sheet, read into the same rules as a CSV's text. */
async function readWorkbookFile(source: ByteSource, options: ReadOptions): Promise<ReadResult> {
  const reader = new FileReaderState("utf-8", options);
  let workbook: WorkbookFacts | null = null;
  try {
    const read = await readWorkbook(source, {
      sheet: options.sheet, headerRow: options.headerRow, columns: options.columns, signal: options.signal, pause: options.pause,
      onProgress: (fraction) => options.onProgress?.({ bytesRead: Math.round(fraction * source.size), totalBytes: source.size, rows: reader.counts.total }),
    }, reader);
    workbook = read.facts;
    if (read.error) return { ...failedRead(read.error), workbook };
    return { ...reader.finish(), workbook };
  } catch (error) {
    if (error instanceof FileProblem) return { ...failedRead(error.problem), workbook };
    throw error;
  }
}

async function readAs(
  source: ByteSource,
  encoding: Encoding,
  options: ReadOptions,
): Promise<ReadResult> {
  const reader = new FileReaderState(encoding, options);
  await pushText(reader, source, options);
  return reader.finish();
}

/**
 * Decodes a source (a whole file, or a range of one that starts at a record) into the reader.
 * `progressBase` is where the range starts in its file.
 */
export async function pushText(reader: FileReaderState, source: ByteSource, options: ReadOptions, progressBase = 0, totalBytes = source.size): Promise<void> {
  for await (const chunk of decodeChunks(source, reader.encoding, options.chunkBytes, options.signal, progressBase > 0)) {
    if (chunk.text.includes("\u0000")) throw new FileProblem(fileErrors.binary());
    reader.push(chunk.text);
    if (reader.done) break;
    options.onProgress?.({ bytesRead: progressBase + chunk.bytesRead, totalBytes, rows: reader.counts.total });
  }
}

/** The header of a file, found beforehand, for a reader that starts below it. */
export type KnownHeader = { headers: string[]; facts: FileFacts };

/** Where a reader of one range of a file stopped: what the reader of the next range must agree with, and what it found. */
export type RangeEnd = {
  /** Records parsed, the header and blank lines included: the next range's rows are numbered after them. */
  records: number;
  /** The range ended where a record ends, as papaparse reads it. */
  atRecordStart: boolean;
  /** Rows still waiting for the time column to prove its order. */
  waiting: number;
  /** The date order the last rows were checked with. */
  order: DateOrder | null;
  checkedUndecided: boolean;
  finding: DateOrderFinding;
  json: JsonColumnsState;
  headers: string[];
  headerRow: number;
  mapping: ColumnMapping | null;
  facts: FileFacts | null;
  counts: RowCounts;
  /** The first lines with content: the first range's are the file's. */
  firstLines: FirstLine[];
};

/** One pass over the decoded text: find the header, then check every record below it. */
export class FileReaderState {
  private pending = "";
  private parser: RecordParser | null = null;
  private facts: FileFacts | null = null;
  private headers: string[] = [];
  private headerRow = 0;
  private validator: RowValidator | null = null;
  private context: CheckContext;
  /** Set while the time column's order is to be found ("auto") and nothing has proven it yet. */
  private detector: DateOrderDetector | null = null;
  private waiting: { row: number; fields: string[] }[] = [];
  private checkedUndecided = false;
  private sepDelimiter: Delimiter | null = null;
  private fromRejectedRows = false;
  private json: JsonColumns | null = null;
  /** Lines with content above the header, still to pass. */
  private titleLines = 0;
  /** The rows come as cells (a workbook's), not as text to parse. */
  private fromCells = false;
  private firstLines: FirstLine[] = [];

  /** `known`: the reader starts below the header (a range of a file after the first), which is given. */
  constructor(
    readonly encoding: Encoding,
    private readonly options: ReadOptions,
    known?: KnownHeader,
  ) {
    const request = options.dateOrder ?? "auto";
    this.context = {
      timeZone: options.timeZone, nowMs: options.nowMs, dateOrder: request === "auto" ? null : request, jsonParams: options.jsonParams ?? [],
    };
    if (request === "auto") this.detector = new DateOrderDetector();
    if (known) {
      this.facts = known.facts;
      this.parser = this.newParser(known.facts);
      this.useHeader(0, known.headers);
    }
  }

  /** A scan has found what it looks for. */
  get done(): boolean {
    return this.options.scanOnly === true && this.validator !== null && (this.detector?.proven ?? true) && this.json!.settled;
  }

  get counts(): RowCounts {
    return this.validator?.counts ?? NO_ROWS;
  }

  push(text: string): void {
    if (this.parser) return this.parser.push(text);
    this.pending += text;
    if (this.start(false)) this.flushPending();
    else if (this.pending.length > MAX_RECORD_CHARS) throw new FileProblem(fileErrors.recordTooLong(null, MAX_RECORD_CHARS));
  }

  finish(): ReadResult {
    this.finishRows();
    if (!this.validator || (this.counts.total === 0 && !this.options.scanOnly)) throw new FileProblem(fileErrors.noRows());
    const mapping = this.validator.mapping;
    const finding = this.detector?.result() ?? NO_FINDING;
    const dateOrder = { order: this.context.dateOrder ?? null, finding, recheck: this.checkedUndecided && finding.proof !== null };
    const jsonColumns = this.json!.result();
    return {
      file: this.facts, headers: this.headers, headerRow: this.headerRow, mapping, error: null, counts: this.counts, dateOrder, jsonColumns,
      firstLines: this.firstLines,
    };
  }

  /** The end of the file: the last record, and the rows still waiting for the date order. */
  finishRows(): void {
    if (this.fromCells) return this.checkWaiting();
    if (!this.parser && !this.start(true)) throw new FileProblem(fileErrors.empty());
    if (!this.done) {
      this.flushPending();
      this.parser!.finish();
    }
    this.checkWaiting();
  }

  rangeEnd(): RangeEnd {
    return {
      records: this.parser?.records ?? 0,
      atRecordStart: this.parser !== null && this.pending === "" && this.parser.atRecordStart,
      waiting: this.waiting.length,
      order: this.context.dateOrder ?? null,
      checkedUndecided: this.checkedUndecided,
      finding: this.detector?.result() ?? NO_FINDING,
      json: this.json?.state() ?? [],
      headers: this.headers,
      headerRow: this.headerRow,
      mapping: this.validator?.mapping ?? null,
      facts: this.facts,
      counts: this.counts,
      firstLines: this.firstLines,
    };
  }

  /** A workbook's header row, found by its reader (read-workbook.ts): the rows below come as cells, with pushCells. */
  startCells(row: number, headers: string[]): void {
    this.fromCells = true;
    this.useHeader(row, withoutTrailingEmpty(headers));
    this.options.onHeader?.(this.headers, this.validator!.mapping);
  }

  /** A line with content among the first ones, kept for the question which line is the header. */
  noteFirstLine(row: number, fields: string[]): void {
    if (this.firstLines.length < FIRST_LINES && !isBlankRecord(fields)) this.firstLines.push({ row, fields: [...fields] });
  }

  /** One row of a workbook below its header, numbered as the spreadsheet shows it. */
  pushCells(row: number, fields: string[]): void {
    this.onRecord(row, fields);
  }

  private flushPending(): void {
    if (this.pending === "") return;
    this.parser!.push(this.pending);
    this.pending = "";
  }

  /** Picks the delimiter once the first record with content is complete. */
  private start(complete: boolean): boolean {
    const headerText = firstRecordText(this.pending, complete);
    if (headerText === null) return false;
    if (headerText === "") throw new FileProblem(fileErrors.empty());
    const sep = this.sepDelimiter === null ? sepLineDelimiter(headerText) : null;
    if (sep) {
      // Rows are then numbered as Excel shows them, without that line: the header is row 1.
      this.sepDelimiter = sep;
      this.pending = dropFirstLine(this.pending, headerText);
      return this.start(complete);
    }
    // A header that names none of the fields is mapped by the caller; missing columns are its to report.
    const decideNow = this.pending.length > MAX_RECORD_CHARS;
    if (this.options.headerRow !== undefined) return this.startAtRow(this.options.headerRow, complete || decideNow);
    const found = findHeaderLine(this.pending, complete, decideNow, this.options.columns, this.sepDelimiter ?? undefined);
    if (found === null) return false;
    this.titleLines = found.titleLines;
    const delimiter = found.delimiter;
    this.facts = { encoding: this.encoding, delimiter, newline: detectNewline(this.pending) };
    this.parser = this.newParser(this.facts);
    return true;
  }

  /**
   * The header is on the line the user named: its delimiter is the one that splits that line best,
   * and the lines above it are passed (onHeaderRecord). A quoted line break above it is not looked for.
   */
  private startAtRow(row: number, complete: boolean): boolean {
    const lines = this.pending.split(/\r\n|\n|\r/, row + 1);
    if (lines.length <= row && !complete) return false;
    const delimiter = chooseDelimiter(lines[row - 1] ?? "", this.options.columns, this.sepDelimiter ?? undefined).delimiter;
    this.facts = { encoding: this.encoding, delimiter, newline: detectNewline(this.pending) };
    this.parser = this.newParser(this.facts);
    return true;
  }

  private newParser(facts: FileFacts): RecordParser {
    // Old Macs' lone CR is the one ending that LF does not find; CRLF and LF may be mixed (dropLineEndCr).
    const splitAt = facts.newline === "\r" ? "\r" : "\n";
    return new RecordParser(facts.delimiter, splitAt, (row, fields) => this.onRecord(row, fields));
  }

  private onRecord(row: number, fields: string[]): void {
    dropLineEndCr(fields);
    if (!this.validator) return this.onHeaderRecord(row, fields);
    if (this.firstLines.length < FIRST_LINES) this.noteFirstLine(row, fields);
    trimSpareFields(fields, this.headers.length);
    if (this.fromRejectedRows) unescapeFormulas(fields);
    this.json!.observe(fields);
    if (this.options.scanOnly) {
      if (!this.done) this.detector?.observe(row, fields[this.validator.mapping.time] ?? "");
      return;
    }
    if (this.detector && this.context.dateOrder === null) {
      const evidence = this.detector.observe(row, fields[this.validator.mapping.time] ?? "");
      if (this.detector.proven) {
        this.context.dateOrder = this.detector.result().proof!.order;
        this.checkWaiting();
      } else if (evidence === "either" || this.waiting.length > 0) {
        this.waiting.push({ row, fields });
        if (this.waiting.length >= MAX_WAITING_ROWS) this.checkWaiting();
        return;
      }
    }
    this.check(row, fields);
  }

  private check(row: number, fields: string[]): void {
    const outcome = this.validator!.checkRecord(row, fields);
    if (outcome) this.options.onRow?.(outcome, fields);
  }

  /** Checks the rows that waited for the order, with it if it is known by now. */
  private checkWaiting(): void {
    if (this.waiting.length === 0) return;
    if (this.context.dateOrder === null) this.checkedUndecided = true;
    const waiting = this.waiting;
    this.waiting = [];
    for (const { row, fields } of waiting) this.check(row, fields);
  }

  private onHeaderRecord(row: number, fields: string[]): void {
    this.noteFirstLine(row, fields);
    if (this.options.headerRow !== undefined && row < this.options.headerRow) return;
    if (isBlankRecord(fields)) return;
    // A report's title lines above its header: the rows keep the numbers the spreadsheet shows.
    if (this.titleLines > 0) {
      this.titleLines--;
      return;
    }
    this.useHeader(row, withoutTrailingEmpty(fields.map((field) => field.replace(/^\uFEFF/, ""))));
    this.options.onHeader?.(this.headers, this.validator!.mapping);
  }

  private useHeader(row: number, headers: string[]): void {
    this.headerRow = row;
    this.headers = headers;
    this.fromRejectedRows = isRejectedRowsFile(this.headers);
    const match = chooseColumns(this.headers, this.options.columns);
    if (!match.ok && this.options.requireColumns !== false) throw new FileProblem(fileErrors.missingColumns(match.message));
    this.validator = new RowValidator(this.headers.length, match.mapping, this.context, { findDuplicates: this.options.findDuplicates });
    this.json = new JsonColumns(match.mapping.params);
    if (match.mapping.time === -1) this.detector = null;
  }
}
