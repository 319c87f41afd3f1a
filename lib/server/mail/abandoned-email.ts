import "server-only";
import { escapeHtml, type EmailMessage } from "./report-email";

export type AbandonedImport = { fileName: string; createdAt: Date; rows: number; hours: number };

/** "24 hours", "1 hour", "18 seconds": the limit as its owner reads it. */
function describeLimit(hours: number): string {
  if (hours >= 1) return `${hours.toLocaleString("en")} hour${hours === 1 ? "" : "s"}`;
  const minutes = hours * 60;
  if (minutes >= 1) return `${Math.round(minutes).toLocaleString("en")} minute${Math.round(minutes) === 1 ? "" : "s"}`;
  return `${Math.round(minutes * 60)} seconds`;
}

/** Told to the owner of an import whose upload never finished, when the sweep discards it. */
export function abandonedEmail(item: AbandonedImport): EmailMessage {
  const started = item.createdAt.toISOString().slice(0, 16).replace("T", " ");
  const lines = [
    `The import of ${item.fileName}, started ${started} UTC, was discarded.`,
    `Its upload stopped after ${item.rows.toLocaleString("en")} rows, and nobody continued it within ${describeLimit(item.hours)}.`,
    "Nothing of it was delivered, and the rows it had received were deleted. Import the file again when you are ready.",
  ];
  return {
    subject: `Import of ${item.fileName}: discarded, its upload never finished`,
    text: lines.join("\n"),
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join(""),
    attachments: [],
  };
}
