import "server-only";
import type { ImportStatus } from "@/lib/contract/import-status";
import type { ImportColumns, RejectedRow } from "@/lib/csv/rejected-rows";

export type { ImportColumns, ImportStatus, RejectedRow };

export type ImportCounts = { total: number; delivered: number; duplicates: number; rejected: number };

/** Everything a report says about a finished import, whichever way it is shown. */
export type ReportData = {
  importId: string;
  fileName: string;
  /** The importer's email; null for imports made with the command line. */
  uploader: string | null;
  /** The time zone chosen for the file: times are shown in it, and in UTC. */
  timeZone: string;
  createdAt: Date;
  finishedAt: Date;
  destination: string;
  triggerCampaigns: boolean;
  status: ImportStatus;
  counts: ImportCounts;
  /** The first rejected rows, INLINE_REJECTED_ROWS at most (the email shows them); `counts.rejected` says how many there are. */
  rejected: RejectedRow[];
  columns: ImportColumns;
  importUrl: string;
  error: string | null;
};
