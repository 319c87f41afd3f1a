import type { FileError } from "@/lib/csv/file-errors";
import type { FileFacts, FirstLine } from "@/lib/csv/read-events-file";
import type { WorkbookFacts } from "@/lib/csv/read-workbook";
import type { DateOrder, DateOrderFinding } from "@/lib/events/date-order";
import type { ColumnMapping } from "@/lib/events/headers";
import type { GroupByChoice } from "@/lib/events/order-columns";
import type { SentBatch } from "./send-import";
import type { ReasonCount, ReplaceAction, ReplaceMatch, UndoableChange } from "./edits";
import type { ReviewCounts } from "./counts";
import type { GridPage, RowFilter } from "./queries";
import type { NameCount, TypoCount } from "./summary";
import type { Timeline } from "./timeline";

/**
 * What the page asks of the worker that holds the file's rows. A request with a `requestId` has one
 * reply with the same id, or a "failed" one (worker-client.ts).
 */
export type WorkerRequest =
  /**
   * `sheet`: the workbook's sheet to read, once the user has chosen one of several; `headerRow`: the
   * line that holds the header, once the user has said which.
   */
  | { type: "read"; file: File; timeZone: string; nowMs: number; triggerWindowMs: number; destination: string; sheet?: string; headerRow?: number }
  | { type: "cancel" }
  /** Another configured destination, chosen in the options step: its rules and reserved columns apply. */
  | { type: "destination"; destination: string }
  /** `dateOrder` "auto" reads the order the time column proves. */
  | { type: "remap"; mapping: ColumnMapping; timeZone: string; dateOrder: DateOrder | "auto"; jsonParams: string[]; groupBy?: GroupByChoice | null }
  | { type: "page"; requestId: number; filter: RowFilter; search: string; offset: number; limit: number }
  | { type: "fix"; index: number; column: number; value: string }
  | { type: "leave-out"; indices: number[]; leftOut: boolean }
  | { type: "leave-out-invalid" }
  /** The kinds of problems in a column, for "every invalid value with this reason". */
  | { type: "reasons"; requestId: number; column: number }
  | { type: "replace"; column: number; match: ReplaceMatch; action: ReplaceAction }
  | { type: "undo" }
  /** Fix a likely misspelt domain in every address that has it. */
  | { type: "fix-domain"; from: string; to: string }
  | { type: "rejected-csv"; requestId: number }
  /** Every row with the review's fixes, under the file's header. */
  | { type: "corrected-csv"; requestId: number }
  /** Cut the rows to send into stageRows calls, once, when sending starts. */
  | { type: "plan"; requestId: number }
  | { type: "batch"; requestId: number; seq: number }
  /** The file's fingerprint (lib/csv/fingerprint.ts), computed here: the page's policy allows no WebAssembly. */
  | { type: "fingerprint"; requestId: number; file: File }
  /** The dedup keys of valid rows from `offset` on, to ask the ledger about; then the rows it holds. */
  | { type: "ledger-keys"; version: number; offset: number }
  | { type: "mark-delivered"; version: number; indices: number[] }
  /** Rows whose moment the destination holds with other values: the earlier parameters and date of each. */
  | { type: "mark-changed"; version: number; hits: { index: number; earlier: Record<string, unknown>; when: string }[] };

/** How the first rows' times read under the current mapping and time zone. */
export type SampleTime = { ok: true; instantMs: number } | { ok: false; message: string };

/** Everything the steps show about the rows, sent again after every change. */
export type ReviewSummary = {
  version: number;
  headers: string[];
  mapping: ColumnMapping;
  timeZone: string;
  /** The order the dates written year last are read in; null while the file proves none and none is chosen. */
  dateOrder: DateOrder | null;
  /** What the time column says about that order. */
  dateFinding: DateOrderFinding;
  /** The parameters read as JSON. */
  jsonParams: string[];
  /** The order and line-item columns, while each order's rows are one event. */
  groupBy: GroupByChoice | null;
  /** "One event per order", when the file looks like a shop's line-item export. */
  groupOffer: GroupByChoice | null;
  /** The new events the orders make, while each order is one event. */
  orderEvents: number | null;
  /** Rows held, left-out ones included. */
  rows: number;
  counts: ReviewCounts;
  /** Valid, first-seen events recent enough to start campaigns, were Trigger campaigns on. */
  inTriggerWindow: number;
  timeline: Timeline;
  eventNames: { top: NameCount[]; others: number };
  samples: string[][];
  sampleTimes: SampleTime[];
  typos: TypoCount[];
  /** The change Undo would take back. */
  undo: UndoableChange | null;
};

/** What the worker tells the page. */
export type WorkerResponse =
  | { type: "progress"; bytesRead: number; totalBytes: number; rows: number }
  | {
    type: "read"; file: FileFacts | null; workbook: WorkbookFacts | null; error: FileError | null; summary: ReviewSummary | null;
    /** The file's first lines and the one read as its header, for the question which line it is. */
    firstLines: FirstLine[]; headerRow: number;
  }
  | { type: "summary"; summary: ReviewSummary }
  | { type: "page"; requestId: number; version: number; page: GridPage }
  | { type: "rejected-csv"; requestId: number; csv: string; rows: number }
  | { type: "corrected-csv"; requestId: number; csv: string; rows: number }
  | { type: "reasons"; requestId: number; reasons: ReasonCount[] }
  /** How many rows a replace changed; the summary follows. */
  | { type: "replaced"; rows: number }
  /** How many stageRows calls the rows to send make. */
  | { type: "planned"; requestId: number; batches: number }
  | { type: "fingerprint"; requestId: number; fingerprint: string }
  | { type: "cancelled" }
  /** A request could not be answered; `requestId` when it was one with a reply. */
  | { type: "failed"; requestId?: number; message: string }
  | { type: "batch"; requestId: number; batch: SentBatch }
  | { type: "ledger-keys"; version: number; keys: string[]; moments: string[]; indices: number[]; next: number | null }
  | { type: "delivered"; version: number; count: number }
  /** How many rows match an event already delivered with other values, and the first few, each with what it held. */
  | { type: "changed"; version: number; count: number; examples: ChangedExample[] };

/** A row that matches an event already delivered at its moment with other values: "already imported with city "NYC"". */
export type ChangedExample = { row: number; note: string };

/** The reply to each request that has one. */
export type WorkerReplies = {
  page: Extract<WorkerResponse, { type: "page" }>;
  reasons: Extract<WorkerResponse, { type: "reasons" }>;
  "rejected-csv": Extract<WorkerResponse, { type: "rejected-csv" }>;
  "corrected-csv": Extract<WorkerResponse, { type: "corrected-csv" }>;
  plan: Extract<WorkerResponse, { type: "planned" }>;
  batch: Extract<WorkerResponse, { type: "batch" }>;
  fingerprint: Extract<WorkerResponse, { type: "fingerprint" }>;
};
