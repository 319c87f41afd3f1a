import type { RowOutcome } from "@/lib/events/validator";
import type { ReadOptions } from "./read-types";
import type { RangeResult, RangeTask, RowsWanted } from "./read-range";

/**
 * Reads one range in another worker (a worker thread, a Web Worker); `onProgress` gets the bytes of
 * the file read so far (the range's start included) and the rows checked. `signal`: the range is no
 * longer wanted (the first range stopped the read), and may be left unread.
 */
export type RunRange = (task: RangeTask, onProgress?: (bytesRead: number, rows: number) => void, signal?: AbortSignal) => Promise<RangeResult>;

export type ParallelReadOptions = Omit<ReadOptions, "onRow" | "scanOnly"> & {
  rows: RowsWanted;
  /**
   * The rows `rows` asks for, in row order, each with the whole file's duplicates known; the fields
   * when `withFields`. The first range's rows come while the second is read; should the file be read
   * on one core after all, `onRestart` voids them first.
   */
  onRow?: (outcome: RowOutcome, fields: string[] | null) => void;
  withFields?: boolean;
  /** Below this a file is read on one core: starting a worker costs more than it saves. */
  minSplitBytes?: number;
  /** Where to look for the cut, in bytes (the middle by default). */
  cutTarget?: number;
  /** How much of the file's start is read first, for its header and its date order. */
  prefixBytes?: number;
  /** The file is read on one core after all, and why. */
  onOneCore?: (reason: string) => void;
};

