import { chooseColumns } from "@/lib/events/column-choices";
import { DateOrderDetector } from "@/lib/events/date-order";
import type { CheckContext } from "@/lib/events/row";
import { RowValidator, isBlankRecord, type RowCounts } from "@/lib/events/validator";
import { FileProblem, fileErrors } from "./file-errors";
import { chooseDelimiter, findHeaderLine, firstRecordText } from "./header";
import { JsonColumns } from "./json-columns";
import { MAX_RECORD_CHARS, RecordParser, detectNewline, type Delimiter } from "./record-parser";
import type { Encoding } from "./sniff";
import { dropFirstLine, dropLineEndCr, isRejectedRowsFile, sepLineDelimiter, trimSpareFields, unescapeFormulas, withoutTrailingEmpty } from "./spreadsheet-habits";
import { NO_FINDING, NO_ROWS, type FileFacts, type FirstLine, type KnownHeader, type RangeEnd, type ReadOptions, type ReadResult, FIRST_LINES } from "./read-types";

/**
 * While the time column has not proven its order, rows with dates that read two ways wait for the
 * proof (it usually comes within a few rows) instead of being checked twice; past this many, they are
 * checked without it and the caller is told to check again.
 */
const MAX_WAITING_ROWS = 100_000;

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
