import "server-only";
import { toCsv, UTF8_BOM } from "@/lib/csv/write-csv";

export type ImportColumns = { email: string; event_name: string; time: string; params: string[] };

export type RejectedRow = {
  rowNumber: number;
  email: string;
  eventName: string;
  time: string;
  params: Record<string, string>;
  reason: string;
};

export type ImportCounts = { total: number; delivered: number; duplicates: number; rejected: number };

export type ImportStatus = "staging" | "queued" | "running" | "succeeded" | "partial" | "failed" | "cancelled";

/** Everything a report says about a finished import, whichever way it is shown. */
export type ReportData = {
  importId: string;
  fileName: string;
  uploader: string | null;
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

/**
 * The rejected rows under the file's own column names, plus `row_number` and `rejection_reason`
 * (which the header mapping ignores), so the corrected file imports again as it is. Formula-safe.
 */
export function rejectedRowsCsv(columns: ImportColumns, rows: RejectedRow[]): string {
  const headers = [columns.email, columns.event_name, columns.time, ...columns.params, "row_number", "rejection_reason"];
  const records = rows.map((row) => [
    row.email,
    row.eventName,
    row.time,
    ...columns.params.map((name) => row.params[name] ?? ""),
    String(row.rowNumber),
    row.reason,
  ]);
  return UTF8_BOM + toCsv(headers, records);
}

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
