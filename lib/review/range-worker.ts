import type { RunRange } from "@/lib/csv/read-in-parallel";
import { rangeTransfer, readRange, type RangeResult, type RangeTask } from "@/lib/csv/read-range";
import { blobSource } from "@/lib/csv/source";
import type { WorkerPort } from "./worker-client";

/**
 * The second core of the file's worker: a Web Worker of its own, started by it, that reads and checks
 * one range of the file (readEventsFileInParallel's second range) and hands the rows back compactly.
 */
export type RangeRequest = { file: Blob; task: RangeTask };
export type RangeResponse =
  | { type: "progress"; bytesRead: number; rows: number }
  | { type: "done"; result: RangeResult }
  | { type: "failed"; message: string };

export type RangeWorker = { runRange: RunRange; close(): void };

/** The worker's side, behind `port` (the worker's own scope): one range at a time, each from the file it is sent with. */
export function serveRanges(port: { postMessage(message: RangeResponse, transfer?: Transferable[]): void; onmessage: ((event: MessageEvent<RangeRequest>) => void) | null }): void {
  port.onmessage = async ({ data: { file, task } }) => {
    try {
      const result = await readRange(blobSource(file), task, undefined, (bytesRead, rows) => port.postMessage({ type: "progress", bytesRead, rows }));
      port.postMessage({ type: "done", result }, rangeTransfer(result));
    } catch (error) {
      port.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    }
  };
}

/** A started worker, and whether it failed before it was used (it could not load). */
type Started = { port: WorkerPort; failed: boolean };

function tryStart(start: () => WorkerPort): Started | null {
  try {
    const started = { port: start(), failed: false };
    const failed = () => {
      started.failed = true;
    };
    started.port.addEventListener("error", failed);
    started.port.addEventListener("messageerror", failed);
    return started;
  } catch {
    // No worker can start here (a browser without nested workers, a policy that forbids them).
    return null;
  }
}

/**
 * Range workers started ahead of need, since loading one takes a few hundred milliseconds: one waits,
 * loaded, for the next large file. Each read takes it and leaves a fresh one when it closes, so that
 * nothing the last read left behind stays in memory.
 */
export function rangeWorkers(start: () => WorkerPort): { forRead(file: Blob, signal: AbortSignal): RangeWorker } {
  let ready = tryStart(start);
  return {
    forRead(file, signal) {
      const taken = ready;
      ready = null;
      const worker = rangeWorkerOn(taken, file, signal);
      return {
        runRange: worker.runRange,
        close() {
          worker.close();
          ready = tryStart(start);
        },
      };
    },
  };
}

/**
 * The file's worker's side of one read of `file`. Should the worker fail (it cannot load, runs out of
 * memory, cannot read the file), its range is read on this thread instead: slower, the same rows.
 * Cancelling the read (`signal`), or a range no longer wanted, stops the worker, and the range being
 * read rejects with the reason.
 */
function rangeWorkerOn(started: Started | null, file: Blob, signal: AbortSignal): RangeWorker {
  let port = started && !started.failed ? started.port : null;
  const stop = () => {
    started?.port.terminate?.();
    started?.port.close?.();
    port = null;
  };
  if (started && !port) stop();
  signal.addEventListener("abort", stop, { once: true });

  const onThisThread: RunRange = (task, onProgress, unwanted) =>
    readRange(blobSource(file), task, unwanted ? AbortSignal.any([signal, unwanted]) : signal, onProgress);
  const inWorker = (worker: WorkerPort, task: RangeTask, onProgress?: (bytesRead: number, rows: number) => void, unwanted?: AbortSignal) =>
    new Promise<RangeResult>((resolve, reject) => {
      const listener = (event: Event) => {
        if (event.type === "message") {
          const message = (event as MessageEvent<RangeResponse>).data;
          if (message.type === "progress") return onProgress?.(message.bytesRead, message.rows);
          settle();
          if (message.type === "done") resolve(message.result);
          else reject(new Error(message.message));
          return;
        }
        settle();
        reject(new Error(event.type === "error" ? ((event as ErrorEvent).message || "The worker failed.") : "The worker sent a message that could not be read."));
      };
      // Cancelled, or no longer wanted: the worker is stopped mid-range.
      const aborted = () => {
        settle();
        stop();
        reject(signal.aborted ? signal.reason : unwanted!.reason);
      };
      const settle = () => {
        for (const type of ["message", "messageerror", "error"] as const) worker.removeEventListener(type, listener);
        signal.removeEventListener("abort", aborted);
        unwanted?.removeEventListener("abort", aborted);
      };
      for (const type of ["message", "messageerror", "error"] as const) worker.addEventListener(type, listener);
      signal.addEventListener("abort", aborted, { once: true });
      unwanted?.addEventListener("abort", aborted, { once: true });
      worker.postMessage({ file, task } satisfies RangeRequest);
    });

  return {
    async runRange(task, onProgress, unwanted) {
      signal.throwIfAborted();
      unwanted?.throwIfAborted();
      if (started?.failed) stop();
      if (!port) return onThisThread(task, onProgress, unwanted);
      try {
        return await inWorker(port, task, onProgress, unwanted);
      } catch (error) {
        if (signal.aborted || unwanted?.aborted) throw error;
        stop();
        return onThisThread(task, onProgress, unwanted);
      }
    },
    close() {
      signal.removeEventListener("abort", stop);
      stop();
    },
  };
}
