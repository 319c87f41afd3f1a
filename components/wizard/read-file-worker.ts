/// <reference lib="webworker" />
import { blobSource } from "@/lib/csv/source";
import { readEventsFile } from "@/lib/csv/read-events-file";
import type { RowOutcome } from "@/lib/events/validator";
import { ROWS_PER_CALL } from "./batching";
import type { ProblemRow, WorkerRequest, WorkerResponse } from "./worker-protocol";

/**
 * Reads the file off the main thread and keeps its rows, column by column, until they are sent: the
 * page only ever holds counts and the rows it shows.
 */
const SHOWN_PROBLEMS = 200;
/** A stageRows call stays well under the server's 2 MB body limit, whatever the rows hold. */
const MAX_BATCH_CHARS = 1_000_000;
const PROGRESS_INTERVAL_MS = 100;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: WorkerResponse) => scope.postMessage(message);

const rows = {
  number: [] as number[],
  email: [] as string[],
  eventName: [] as string[],
  time: [] as string[],
  params: [] as Record<string, string>[],
};
let controller: AbortController | null = null;
/** Where each batch starts, in rows: at most ROWS_PER_CALL rows and MAX_BATCH_CHARS characters each. */
let batchStarts: number[] = [];

function forget(): void {
  for (const column of Object.values(rows)) column.length = 0;
  batchStarts = [];
}

function rowChars(i: number): number {
  let chars = rows.email[i].length + rows.eventName[i].length + rows.time[i].length + 64;
  for (const name in rows.params[i]) chars += name.length + rows.params[i][name].length + 8;
  return chars;
}

function planBatches(): number {
  batchStarts = [];
  let chars = 0;
  for (let i = 0; i < rows.number.length; i++) {
    const size = rowChars(i);
    const start = batchStarts.at(-1);
    if (start === undefined || i - start >= ROWS_PER_CALL || chars + size > MAX_BATCH_CHARS) {
      batchStarts.push(i);
      chars = 0;
    }
    chars += size;
  }
  return batchStarts.length;
}

function keep(outcome: RowOutcome, problems: ProblemRow[]): void {
  const { input } = outcome;
  rows.number.push(outcome.row);
  rows.email.push(input.email);
  rows.eventName.push(input.event_name);
  rows.time.push(input.time);
  rows.params.push(input.params);
  const messages = [...outcome.errors, ...outcome.warnings].map((issue) => issue.message);
  if (messages.length > 0 && problems.length < SHOWN_PROBLEMS) {
    problems.push({
      row: outcome.row,
      email: input.email,
      eventName: input.event_name,
      time: input.time,
      messages,
      duplicate: outcome.duplicateOf !== null,
    });
  }
}

async function read(file: File, timeZone: string, nowMs: number, triggerWindowMs: number): Promise<void> {
  forget();
  controller = new AbortController();
  const problems: ProblemRow[] = [];
  let inTriggerWindow = 0;
  let lastProgress = 0;
  try {
    const result = await readEventsFile(blobSource(file), {
      timeZone,
      nowMs,
      signal: controller.signal,
      onRow: (outcome) => {
        keep(outcome, problems);
        if (outcome.event && outcome.duplicateOf === null && outcome.event.occurredMs >= nowMs - triggerWindowMs) inTriggerWindow++;
      },
      onRestart: () => {
        forget();
        problems.length = 0;
        inTriggerWindow = 0;
      },
      onProgress: (progress) => {
        const now = performance.now();
        if (now - lastProgress < PROGRESS_INTERVAL_MS && progress.bytesRead < progress.totalBytes) return;
        lastProgress = now;
        post({ type: "progress", ...progress });
      },
    });
    const { file: facts, headers, mapping, error, counts } = result;
    const batches = error ? 0 : planBatches();
    post({ type: "done", summary: { file: facts, headers, mapping, error, counts, problems, batches, inTriggerWindow } });
  } catch (error) {
    forget();
    if (controller.signal.aborted) post({ type: "cancelled" });
    else post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  }
}

function batch(seq: number): void {
  const start = batchStarts[seq];
  const end = batchStarts[seq + 1] ?? rows.number.length;
  const out = [];
  for (let i = start; i < end; i++) {
    out.push({ row: rows.number[i], email: rows.email[i], event_name: rows.eventName[i], time: rows.time[i], params: rows.params[i] });
  }
  post({ type: "batch", seq, rows: out });
}

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === "read") void read(request.file, request.timeZone, request.nowMs, request.triggerWindowMs);
  else if (request.type === "cancel") controller?.abort();
  else batch(request.seq);
};
