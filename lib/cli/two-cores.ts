import { Worker } from "node:worker_threads";
import type { RunRange } from "@/lib/csv/read-in-parallel";
import type { RangeResult } from "@/lib/csv/read-range";

export type RangeWorker = { runRange: RunRange; close(): Promise<void> };

type WorkerMessage =
  | { type: "progress"; bytesRead: number; rows: number }
  | { type: "done"; result: RangeResult }
  | { type: "failed"; message: string };

/**
 * A second thread for readEventsFileInParallel, reading ranges of the file at `path`. It is started
 * before it is needed (loading the reader takes a few hundred milliseconds) and runs the project's
 * TypeScript through tsx, as the command line itself does.
 */
export function startRangeWorker(path: string): RangeWorker {
  const entry = new URL("./range-worker.ts", import.meta.url).href;
  const tsx = import.meta.resolve("tsx/esm/api");
  const worker = new Worker(`import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`, { eval: true });
  let failure: Error | null = null;
  let pending: { reject: (error: Error) => void } | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    pending?.reject(error);
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`The reading thread stopped (exit code ${code}).`)));
  return {
    runRange: (task, onProgress) =>
      new Promise<RangeResult>((resolve, reject) => {
        if (failure) return reject(failure);
        pending = { reject };
        const listen = (message: WorkerMessage) => {
          if (message.type === "progress") return onProgress?.(message.bytesRead, message.rows);
          worker.off("message", listen);
          pending = null;
          if (message.type === "done") resolve(message.result);
          else reject(new Error(`Reading the second half of the file failed: ${message.message}`));
        };
        worker.on("message", listen);
        worker.postMessage({ path, task });
      }),
    async close() {
      worker.removeAllListeners("exit");
      await worker.terminate();
    },
  };
}
