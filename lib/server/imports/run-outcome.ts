import type { RowStateCounts } from "./forward";
import type { ImportStatus } from "./report-data";

/**
 * How running an import ended: finished with its status and counts, or stopped for a reason to try
 * again; `ranges` names the ranges still to work when it is delivered in ranges (ranges.ts).
 */
export type RunOutcome =
  | { finished: true; status: ImportStatus; counts: RowStateCounts }
  | { finished: false; reason: string; ranges?: number[] };
