import { parentPort } from "node:worker_threads";
import { rangeTransfer, readRange, type RangeTask } from "@/lib/csv/read-range";
import { fileSource } from "./file-source";

/**
 * A worker thread that reads and checks one range of a file on disk (see readEventsFileInParallel):
 * it opens the file itself, so only the task and the checked rows cross between the threads.
 */
const port = parentPort!;

port.on("message", async ({ path, task }: { path: string; task: RangeTask }) => {
  try {
    const source = await fileSource(path);
    try {
      const result = await readRange(source, task, undefined, (bytesRead, rows) => port.postMessage({ type: "progress", bytesRead, rows }));
      port.postMessage({ type: "done", result }, rangeTransfer(result));
    } finally {
      await source.close();
    }
  } catch (error) {
    port.postMessage({ type: "failed", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
