import type { ColumnMapping } from "@/lib/events/headers";
import type { RowCounts } from "@/lib/events/validator";
import type { FileError } from "@/lib/csv/file-errors";
import type { FileFacts } from "@/lib/csv/read-events-file";
import type { StagedRowInput } from "@/lib/server/imports/stage";

/** What the page asks of the worker that holds the file's rows. */
export type WorkerRequest =
  | { type: "read"; file: File; timeZone: string; nowMs: number; triggerWindowMs: number }
  | { type: "cancel" }
  | { type: "batch"; seq: number };

export type ProblemRow = { row: number; email: string; eventName: string; time: string; messages: string[]; duplicate: boolean };

export type ReadSummary = {
  file: FileFacts | null;
  headers: string[];
  mapping: ColumnMapping | null;
  error: FileError | null;
  counts: RowCounts;
  problems: ProblemRow[];
  /** How many stageRows calls the rows make. */
  batches: number;
  /** Valid events recent enough to start campaigns, were Trigger campaigns on. */
  inTriggerWindow: number;
};

/** What the worker tells the page. */
export type WorkerResponse =
  | { type: "progress"; bytesRead: number; totalBytes: number; rows: number }
  | { type: "done"; summary: ReadSummary }
  | { type: "cancelled" }
  | { type: "failed"; message: string }
  | { type: "batch"; seq: number; rows: StagedRowInput[] };
