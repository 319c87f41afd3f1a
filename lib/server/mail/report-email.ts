import "server-only";
import { messageParts, plainMessage } from "@/lib/events/message";
import { readableTime } from "@/lib/events/readable-time";
import { statusLabel } from "@/lib/contract/import-status";
import { ownParam } from "@/lib/csv/rejected-rows";
import type { ImportColumns, RejectedRow, ReportData } from "@/lib/server/imports/report-data";

export const INLINE_REJECTED_ROWS = 100;

export type EmailMessage = {
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; content: string; contentType: string }[];
};

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/** A file name for a header line: no line breaks or control characters, not too long. */
export function headerSafe(value: string, max = 120): string {
  const clean = value.replace(/\p{Cc}+/gu, " ").trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function summaryLines(report: ReportData): [string, string][] {
  const { counts } = report;
  const seconds = Math.max(0, Math.round((report.finishedAt.getTime() - report.createdAt.getTime()) / 1000));
  return [
    ["File", report.fileName],
    ["Imported by", report.uploader ?? "the command line"],
    ["Started", readableTime(report.createdAt, report.timeZone)],
    ["Finished", readableTime(report.finishedAt, report.timeZone)],
    ["Duration", `${seconds} s`],
    ["Destination", report.destination],
    ["Trigger campaigns", report.triggerCampaigns ? "on" : "off (passive history)"],
    ["Status", statusLabel(report.status)],
    ["Rows", String(counts.total)],
    ["Delivered", String(counts.delivered)],
    ["Skipped as duplicates", String(counts.duplicates)],
    ["Rejected", String(counts.rejected)],
  ];
}

const EMPTY = "(empty)";

/** A rejected row's values in the file's column order, an empty one shown as empty rather than dropped. */
function describeValues(row: RejectedRow): string {
  return [row.email, row.eventName, row.time].map((value) => value || EMPTY).join(", ");
}

function describeParams(columns: ImportColumns, row: RejectedRow): string {
  return columns.params.map((name) => `${name}: ${ownParam(row.params, name) || EMPTY}`).join("; ");
}

/** A reason with the values it quotes in code style. */
function htmlMessage(message: string): string {
  return messageParts(message).map((part) => (part.code ? `<code>${escapeHtml(part.text)}</code>` : escapeHtml(part.text))).join("");
}

/** Why the import stopped: a cancel names who cancelled it and where the rows not sent went. */
function problemLine(report: ReportData): string {
  if (report.status === "cancelled") return `${report.error}: the rows not yet sent are listed as rejected, ready to import later.`;
  return `Problem: ${report.error}`;
}

/** The report email: the same facts as the import's page, with the rejected rows attached as CSV. */
export function reportEmail(report: ReportData, rejectedCsv: string): EmailMessage {
  const { counts } = report;
  const subject =
    `Import of ${headerSafe(report.fileName)}: ${statusLabel(report.status).toLowerCase()}, ` +
    `${counts.delivered} delivered, ${counts.duplicates} duplicates, ${counts.rejected} rejected`;
  const shown = report.rejected.slice(0, INLINE_REJECTED_ROWS);
  const more = report.rejected.length - shown.length;
  const lines = summaryLines(report);

  const text = [
    ...lines.map(([label, value]) => `${label}: ${value}`),
    ...(report.error ? [problemLine(report)] : []),
    "",
    ...(shown.length > 0 ? ["Rejected rows:", ...shown.map((row) => `Row ${row.rowNumber} (${[describeValues(row), describeParams(report.columns, row)].filter(Boolean).join(", ")}): ${plainMessage(row.reason)}`)] : ["No row was rejected."]),
    ...(more > 0 ? [`…and ${more} more, all in the attached CSV.`] : []),
    "",
    `See the import: ${report.importUrl}`,
  ].join("\n");

  const rows = shown
    .map((row) => `<tr><td>${row.rowNumber}</td><td>${escapeHtml(row.email || EMPTY)}</td><td>${escapeHtml(row.eventName || EMPTY)}</td>` +
      `<td>${escapeHtml(row.time || EMPTY)}</td><td>${escapeHtml(describeParams(report.columns, row))}</td><td>${htmlMessage(row.reason)}</td></tr>`)
    .join("");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1f2937">
<h1 style="font-size:18px">Import of ${escapeHtml(report.fileName)}</h1>
<table>${lines.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join("")}</table>
${report.error ? `<p><strong>${escapeHtml(problemLine(report))}</strong></p>` : ""}
${shown.length > 0 ? `<h2 style="font-size:16px">Rejected rows</h2><table border="1" cellpadding="4" style="border-collapse:collapse"><tr><th>Row</th><th>${escapeHtml(report.columns.email)}</th><th>${escapeHtml(report.columns.event_name)}</th><th>${escapeHtml(report.columns.time)}</th><th>Parameters</th><th>Reason</th></tr>${rows}</table>` : "<p>No row was rejected.</p>"}
${more > 0 ? `<p>…and ${more} more, all in the attached CSV.</p>` : ""}
<p><a href="${escapeHtml(report.importUrl)}">See the import</a></p>
</body></html>`;

  const attachments = counts.rejected > 0
    ? [{ filename: "rejected-rows.csv", content: rejectedCsv, contentType: "text/csv; charset=utf-8" }]
    : [];
  return { subject, text, html, attachments };
}
