/// <reference lib="webworker" />
import { fileFingerprint } from "@/lib/csv/fingerprint";
import { FileProblem, fileErrors } from "@/lib/csv/file-errors";
import { MIN_SPLIT_BYTES, readEventsFileInParallel } from "@/lib/csv/read-in-parallel";
import { blobSource } from "@/lib/csv/source";
import { eventRuleFor, withoutReservedColumns } from "@/lib/events/destination-rules";
import { resolveDateOrder, type DateOrderFinding } from "@/lib/events/date-order";
import { jsonParamsWithItems } from "@/lib/events/order-groups";
import { parseTime } from "@/lib/events/time";
import { ROWS_PER_CALL } from "@/lib/contract/staged-rows";
import { ledgerKeys } from "@/lib/review/ledger-keys";
import { changedNotes } from "@/lib/review/changed-notes";
import { ReviewEdits, columnReasons } from "@/lib/review/edits";
import { rangeWorkers } from "@/lib/review/range-worker";
import { groupByFor, offerGroupBy } from "@/lib/review/order-check";
import { rejectedCsv } from "@/lib/review/rejected";
import { correctedCsv } from "@/lib/review/corrected";
import { ReviewStore } from "@/lib/review/store";
import type { ReviewSummary, WorkerRequest, WorkerResponse } from "@/lib/review/worker-protocol";

/**
 * Reads the file off the main thread and keeps its rows (once, column by column) until they are
 * sent: the page only ever holds counts, pictures and the page of rows it shows.
 */
const PROGRESS_INTERVAL_MS = 100;
const SAMPLE_ROWS = 5;
/** Rows shown by name in the review's note on events already imported with other values. */
const CHANGED_EXAMPLES = 5;
/** Beyond this a tab risks running out of memory; the CLI imports files of any length. */
export const MAX_REVIEW_ROWS = 10_000_000;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: WorkerResponse) => scope.postMessage(message);

let store: ReviewStore | null = null;
let edits: ReviewEdits | null = null;
let controller: AbortController | null = null;
let triggerWindowMs = 0;
/** The worker that reads the second half of a large file, started with this one so that it is loaded by then. */
const secondHalves = rangeWorkers(() => new Worker(new URL("./read-range-worker.ts", import.meta.url), { type: "module" }));
/** What the mapped time column says about its order, found again only when the mapping changes. */
let dateFinding: DateOrderFinding = { yearLast: 0, ambiguous: 0, proof: null, examples: [] };

function summarize(current: ReviewStore): ReviewSummary {
  const { context, mapping } = current;
  const samples = current.samples(SAMPLE_ROWS);
  return {
    version: current.version,
    headers: [...current.headers],
    mapping,
    timeZone: context.timeZone,
    dateOrder: context.dateOrder ?? null,
    dateFinding,
    jsonParams: [...(context.jsonParams ?? [])],
    groupBy: current.groupBy,
    groupOffer: offerGroupBy(current),
    orderEvents: current.orderEvents,
    rows: current.size,
    counts: { ...current.counts },
    inTriggerWindow: current.countSince(context.nowMs - triggerWindowMs),
    timeline: current.timeline(),
    eventNames: current.eventNames(),
    samples,
    sampleTimes: samples.map((fields) => {
      const time = parseTime(fields[mapping.time] ?? "", context.timeZone, context.nowMs, context.dateOrder ?? null);
      return time.ok ? { ok: true, instantMs: time.instantMs } : { ok: false, message: time.message };
    }),
    typos: current.typos(),
    undo: edits?.last ?? null,
  };
}

async function read(file: File, timeZone: string, nowMs: number, destination: string, sheet: string | undefined, headerRow: number | undefined): Promise<void> {
  store = null;
  edits = null;
  controller = new AbortController();
  let current: ReviewStore | null = null;
  let lastProgress = 0;
  // A large file is read on two cores.
  const second = file.size >= MIN_SPLIT_BYTES ? secondHalves.forRead(file, controller.signal) : null;
  try {
    const result = await readEventsFileInParallel(blobSource(file), {
      timeZone,
      nowMs,
      requireColumns: false,
      sheet,
      headerRow,
      signal: controller.signal,
      rows: "all",
      withFields: true,
      onRow: (outcome, fields) => {
        if (!current || !fields) return;
        if (current.size >= MAX_REVIEW_ROWS) throw new FileProblem(fileErrors.tooManyRows(MAX_REVIEW_ROWS));
        current.add(outcome, fields);
      },
      onHeader: (headers, mapping) => {
        // Columns the destination reserves start left out; the mapping step says why and can take them back.
        current = new ReviewStore(headers, withoutReservedColumns(destination, mapping).mapping, { timeZone, nowMs }, eventRuleFor(destination));
      },
      onRestart: () => {
        current = null;
      },
      onProgress: (progress) => {
        const now = performance.now();
        if (now - lastProgress < PROGRESS_INTERVAL_MS && progress.bytesRead < progress.totalBytes) return;
        lastProgress = now;
        post({ type: "progress", ...progress });
      },
    }, second?.runRange ?? null);
    if (result.error || !current) {
      post({ type: "read", file: result.file, workbook: result.workbook ?? null, error: result.error, summary: null, firstLines: [], headerRow: 0 });
      return;
    }
    store = current as ReviewStore;
    dateFinding = result.dateOrder.finding;
    store.context = { ...store.context, dateOrder: result.dateOrder.order, jsonParams: result.jsonColumns };
    // Rows checked before the column proved its order, or before their JSON columns were known (only
    // the whole file tells), are checked again.
    if (result.dateOrder.recheck || result.jsonColumns.length > 0) store.recheck();
    edits = new ReviewEdits(store);
    post({
      type: "read", file: result.file, workbook: result.workbook ?? null, error: null, summary: summarize(store),
      firstLines: result.firstLines ?? [], headerRow: result.headerRow,
    });
  } catch (error) {
    if (controller.signal.aborted) post({ type: "cancelled" });
    else post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  } finally {
    second?.close();
  }
}

function reply(): void {
  if (store) post({ type: "summary", summary: summarize(store) });
}

function handle(request: WorkerRequest): void {
  if (request.type === "read") {
    triggerWindowMs = request.triggerWindowMs;
    void read(request.file, request.timeZone, request.nowMs, request.destination, request.sheet, request.headerRow);
    return;
  }
  if (request.type === "cancel") {
    controller?.abort();
    return;
  }
  if (request.type === "fingerprint") {
    const { requestId } = request;
    void fileFingerprint(request.file).then((fingerprint) => post({ type: "fingerprint", requestId, fingerprint }),
      (error: Error) => post({ type: "failed", requestId, message: error.message }));
    return;
  }
  if (!store || !edits) throw new Error("No file has been read yet.");
  switch (request.type) {
    case "remap": {
      const timeColumnChanged = request.mapping.time !== store.mapping.time;
      store.mapping = request.mapping;
      if (timeColumnChanged) dateFinding = store.findDateOrder();
      const dateOrder = resolveDateOrder(request.dateOrder, dateFinding);
      store.groupBy = groupByFor(store, request.groupBy);
      store.setMapping(request.mapping, { ...store.context, timeZone: request.timeZone, dateOrder, jsonParams: jsonParamsWithItems(request.jsonParams, store.groupBy) });
      return reply();
    }
    case "destination":
      store.setDestination(withoutReservedColumns(request.destination, store.mapping).mapping, eventRuleFor(request.destination));
      return reply();
    case "fix":
      edits.fix(request.index, request.column, request.value);
      return reply();
    case "replace":
      post({ type: "replaced", rows: edits.replace(request.column, request.match, request.action) });
      return reply();
    case "fix-domain":
      post({ type: "replaced", rows: edits.fixDomain(request.from, request.to) });
      return reply();
    case "undo":
      edits.undo();
      return reply();
    case "reasons":
      post({ type: "reasons", requestId: request.requestId, reasons: columnReasons(store, request.column) });
      return;
    case "leave-out":
      store.setLeftOut(request.indices, request.leftOut);
      return reply();
    case "leave-out-invalid":
      store.leaveOutInvalid();
      return reply();
    case "ledger-keys":
      if (request.version === store.version) {
        const version = store.version;
        void ledgerKeys(store, request.offset).then((found) => post({ type: "ledger-keys", version, ...found }));
      }
      return;
    case "mark-delivered":
      store.markDelivered(request.version, request.indices);
      post({ type: "delivered", version: store.version, count: store.deliveredCount });
      return;
    case "mark-changed":
      if (request.version === store.version) store.markChanged(request.version, changedNotes(store, request.hits));
      post({ type: "changed", version: store.version, count: store.changedCount, examples: store.changedExamples(CHANGED_EXAMPLES) });
      return;
    case "page": {
      const page = store.page(request.filter, request.search, request.offset, request.limit);
      for (const row of page.rows) row.fixes = edits.fixesAt(row.index);
      post({ type: "page", requestId: request.requestId, version: store.version, page });
      return;
    }
    case "rejected-csv":
      post({ type: "rejected-csv", requestId: request.requestId, ...rejectedCsv(store) });
      return;
    case "corrected-csv":
      post({ type: "corrected-csv", requestId: request.requestId, ...correctedCsv(store) });
      return;
    case "plan":
      post({ type: "planned", requestId: request.requestId, batches: store.planBatches(ROWS_PER_CALL) });
      return;
    case "batch":
      post({ type: "batch", requestId: request.requestId, batch: store.batchText(request.seq) });

  }
}

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  try {
    handle(event.data);
  } catch (error) {
    // The request's own reply, when it waits for one.
    const requestId = "requestId" in event.data ? event.data.requestId : undefined;
    post({ type: "failed", ...(requestId === undefined ? {} : { requestId }), message: error instanceof Error ? error.message : String(error) });
  }
};
