import "server-only";
import { rejectedRowsCsv, type ImportColumns, type RejectedRow } from "@/lib/csv/rejected-rows";

export type { ImportColumns, RejectedRow };
export { rejectedRowsCsv };

export type ImportCounts = { total: number; delivered: number; duplicates: number; rejected: number };

export type ImportStatus = "staging" | "queued" | "running" | "succeeded" | "partial" | "failed" | "cancelled";

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
  rejected: RejectedRow[];
  columns: ImportColumns;
  importUrl: string;
  error: string | null;
};

export function statusLabel(status: ImportStatus): string {
  const labels: Record<ImportStatus, string> = {
    staging: "Receiving rows",
    queued: "Queued",
    running: "Sending",
    succeeded: "Done",
    partial: "Done, with rejected rows",
    failed: "Failed",
    cancelled: "Cancelled",
  };
  return labels[status];
}
