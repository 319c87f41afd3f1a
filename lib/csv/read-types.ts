import type { ColumnChoices } from "@/lib/events/column-choices";
import type { DateOrder, DateOrderFinding, DateOrderRequest } from "@/lib/events/date-order";
import type { ColumnMapping } from "@/lib/events/headers";
import type { RowCounts, RowOutcome } from "@/lib/events/validator";
import type { FileError } from "./file-errors";
import type { JsonColumnsState } from "./json-columns";
import type { Delimiter, Newline } from "./record-parser";
import type { WorkbookFacts } from "./read-workbook";
import type { Encoding } from "./sniff";

// What reading an events file takes and gives, shared by the reader of a whole file
// (read-events-file.ts), the reader's state (file-reader-state.ts) and the readers of ranges.

export type FileFacts = { encoding: Encoding; delimiter: Delimiter; newline: Newline };
export type ReadProgress = { bytesRead: number; totalBytes: number; rows: number };

export type ReadOptions = {
  timeZone: string;
  /** Settled beforehand (a byte-order mark, the user's word): read as such, never started again. */
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

export const NO_ROWS: RowCounts = { total: 0, valid: 0, invalid: 0, duplicates: 0 };
export const NO_FINDING: DateOrderFinding = { yearLast: 0, ambiguous: 0, proof: null, examples: [] };
/** What a read that stops at a file-level problem gives. */
export function failedRead(error: FileError): ReadResult {
  return {
    file: null, headers: [], headerRow: 0, mapping: null, error, counts: NO_ROWS,
    dateOrder: { order: null, finding: NO_FINDING, recheck: false }, jsonColumns: [],
  };
}

