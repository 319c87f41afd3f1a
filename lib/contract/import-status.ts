export type ImportStatus = "staging" | "queued" | "running" | "succeeded" | "partial" | "failed" | "cancelled";

const LABELS: Record<ImportStatus, string> = {
  staging: "Receiving rows",
  queued: "Queued",
  running: "Sending",
  succeeded: "Done",
  partial: "Done, with rejected rows",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** The status in words, the same on the pages and in the report email. */
export function statusLabel(status: ImportStatus): string {
  return LABELS[status];
}
