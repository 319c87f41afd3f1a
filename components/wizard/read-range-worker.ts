/// <reference lib="webworker" />
import { serveRanges } from "@/lib/review/range-worker";

/**
 * The file's worker's second core: started by read-file-worker.ts for a large file, it reads and
 * checks the second half of the file while that worker reads the first (readEventsFileInParallel).
 */
serveRanges(self as unknown as DedicatedWorkerGlobalScope);
