import { mapHeaders, type ColumnMapping } from "@/lib/events/headers";
import { RowValidator, isBlankRecord, type RowCounts, type RowOutcome } from "@/lib/events/validator";
import { FileProblem, fileErrors, type FileError } from "./file-errors";
import { chooseDelimiter, firstRecordText } from "./header";
import { MAX_RECORD_CHARS, RecordParser, detectNewline, type Delimiter, type Newline } from "./record-parser";
import { detectEncoding, sniffNotCsv, type Encoding } from "./sniff";
import type { ByteSource } from "./source";
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
};

const NO_ROWS: RowCounts = { total: 0, valid: 0, invalid: 0, duplicates: 0 };

/**
 * Reads an events CSV from start to end with the rules of lib/events: the one path for the browser's
 * worker, the CLI and the benchmark. File-level problems come back as `error`, never as exceptions;
 * only cancelling (the signal) throws.
 */
export async function readEventsFile(source: ByteSource, options: ReadOptions): Promise<ReadResult> {
  const failed = (error: FileError): ReadResult => ({
    file: null, headers: [], headerRow: 0, mapping: null, error, counts: NO_ROWS,
  });
  if (source.size === 0) return failed(fileErrors.empty());
  const head = await source.read(0, 16);
  const notCsv = sniffNotCsv(head);
  if (notCsv) return failed(notCsv);
  const encoding = options.encoding ?? detectEncoding(head);
  try {
    return await readAs(source, encoding, options);
  } catch (error) {
    if (error instanceof FileProblem) return failed(error.problem);
    if (encoding === "utf-8" && !options.encoding && error instanceof TypeError && !options.signal?.aborted) {
      options.onRestart?.();
      try {
        return await readAs(source, "windows-1252", options);
      } catch (retryError) {
        if (retryError instanceof FileProblem) return failed(retryError.problem);
        throw retryError;
      }
    }
    throw error;
  }
}

async function readAs(
  source: ByteSource,
  encoding: Encoding,
  options: ReadOptions,
): Promise<ReadResult> {
  const reader = new FileReaderState(encoding, options);
  for await (const chunk of decodeChunks(source, encoding, options.chunkBytes, options.signal)) {
    if (chunk.text.includes("\u0000")) throw new FileProblem(fileErrors.binary());
    reader.push(chunk.text);
    options.onProgress?.({ bytesRead: chunk.bytesRead, totalBytes: source.size, rows: reader.counts.total });
  }
  return reader.finish();
}

/** One pass over the decoded text: find the header, then check every record below it. */
class FileReaderState {
  private pending = "";
  private parser: RecordParser | null = null;
  private facts: FileFacts | null = null;
  private headers: string[] = [];
  private headerRow = 0;
  private validator: RowValidator | null = null;

  constructor(
    private readonly encoding: Encoding,
    private readonly options: ReadOptions,
  ) {}

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
    if (!this.parser && !this.start(true)) throw new FileProblem(fileErrors.empty());
    this.flushPending();
    this.parser!.finish();
    if (!this.validator || this.counts.total === 0) throw new FileProblem(fileErrors.noRows());
    const mapping = this.validator.mapping;
    return { file: this.facts, headers: this.headers, headerRow: this.headerRow, mapping, error: null, counts: this.counts };
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
    const { delimiter, match } = chooseDelimiter(headerText);
    if (!match.ok) throw new FileProblem(fileErrors.missingColumns(match.message));
    this.facts = { encoding: this.encoding, delimiter, newline: detectNewline(this.pending) };
    this.parser = new RecordParser(delimiter, this.facts.newline, (row, fields) => this.onRecord(row, fields));
    return true;
  }

  private onRecord(row: number, fields: string[]): void {
    if (this.validator) {
      const outcome = this.validator.checkRecord(row, fields);
      if (outcome) this.options.onRow?.(outcome, fields);
      return;
    }
    if (isBlankRecord(fields)) return;
    this.headerRow = row;
    this.headers = fields.map((field) => field.replace(/^\uFEFF/, ""));
    const match = mapHeaders(this.headers);
    if (!match.ok) throw new FileProblem(fileErrors.missingColumns(match.message));
    const context = { timeZone: this.options.timeZone, nowMs: this.options.nowMs };
    this.validator = new RowValidator(this.headers.length, match.mapping, context, { findDuplicates: this.options.findDuplicates });
    this.options.onHeader?.(this.headers, match.mapping);
  }
}
