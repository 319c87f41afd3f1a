import "server-only";
import { readableDuration } from "@/lib/events/duration";
import { messageParts, plainMessage } from "@/lib/events/message";
import { readableTime } from "@/lib/events/readable-time";
import { statusLabel } from "@/lib/contract/import-status";
import { ownParam } from "@/lib/csv/rejected-rows";
import type { ImportColumns, RejectedRow, ReportData } from "@/lib/server/imports/report-data";

export const INLINE_REJECTED_ROWS = 100;
/** The attachment's name, which the email's advice names too. */
const REJECTED_FILE = "rejected-rows.csv";

/**
 * The rejected rows' CSV as the email attaches it: `rows` of them, `complete` when that is every one
 * (a large import's are cut at a size mail servers take; the import's page has them all).
 */
export type RejectedAttachment = { csv: string; rows: number; complete: boolean };

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

/** A count as the pages show it: 1,983. */
const count = (value: number) => value.toLocaleString("en");

function summaryLines(report: ReportData): [string, string][] {
  const { counts } = report;
  return [
    ["File", report.fileName],
    ["Imported by", report.uploader ?? "the command line"],
    ["Started", readableTime(report.createdAt, report.timeZone)],
    ["Finished", readableTime(report.finishedAt, report.timeZone)],
    ["Duration", readableDuration(report.finishedAt.getTime() - report.createdAt.getTime())],
    ["Destination", report.destination],
    ["Trigger campaigns", report.triggerCampaigns ? "on" : "off (passive history)"],
    ["Status", statusLabel(report.status)],
    ["Rows", count(counts.total)],
    ["Delivered", count(counts.delivered)],
    ["Skipped as duplicates", count(counts.duplicates)],
    ["Rejected", count(counts.rejected)],
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
  const code = "font-family:ui-monospace,Menlo,monospace;background:#f1f5f9;padding:0 3px;border-radius:3px";
  return messageParts(message).map((part) => (part.code ? `<code style="${code}">${escapeHtml(part.text)}</code>` : escapeHtml(part.text))).join("");
}

/** Why the import stopped: a cancel names who cancelled it and where the rows not sent went. */
function problemLine(report: ReportData): string {
  if (report.status === "cancelled") return `${report.error}: the rows not yet sent are listed as rejected, ready to import later.`;
  return `Problem: ${report.error}`;
}

/** What the reader can do now: correct the attached rows and import them again, or nothing. */
function nextStep(report: ReportData): string {
  if (report.counts.rejected === 0) return "Nothing is left to do: every row was delivered or was there already.";
  return `What to do next: correct the rows in the attached ${REJECTED_FILE} (each one's reason is in its rejection_reason column) ` +
    "and import that file again. Rows already delivered are skipped, never sent twice.";
}

const CELL = "padding:6px 8px;border-bottom:1px solid #e2e8f0;text-align:left;vertical-align:top";

/** The rejected rows as an HTML table: row, email, event (its parameters below), time, reason. */
function rejectedTable(report: ReportData, shown: RejectedRow[]): string {
  const { columns } = report;
  const head = ["Row", columns.email, columns.event_name, columns.time, "Reason"]
    .map((label) => `<th style="${CELL};background:#f8fafc;color:#475569">${escapeHtml(label)}</th>`).join("");
  const rows = shown.map((row) => {
    const params = describeParams(columns, row);
    return `<tr><td style="${CELL};font-variant-numeric:tabular-nums">${row.rowNumber}</td>` +
      `<td style="${CELL};word-break:break-all">${escapeHtml(row.email || EMPTY)}</td>` +
      `<td style="${CELL}">${escapeHtml(row.eventName || EMPTY)}${params ? `<div style="color:#64748b;font-size:12px">${escapeHtml(params)}</div>` : ""}</td>` +
      `<td style="${CELL};white-space:nowrap">${escapeHtml(row.time || EMPTY)}</td>` +
      `<td style="${CELL};color:#b91c1c">${htmlMessage(row.reason)}</td></tr>`;
  }).join("");
  return `<table cellspacing="0" style="border-collapse:collapse;width:100%;font-size:14px"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** The report email: the same facts as the import's page, with the rejected rows attached as CSV. */
export function reportEmail(report: ReportData, attachment: RejectedAttachment | null): EmailMessage {
  const { counts } = report;
  const subject =
    `Import of ${headerSafe(report.fileName)}: ${statusLabel(report.status).toLowerCase()}, ` +
    `${count(counts.delivered)} delivered, ${count(counts.duplicates)} duplicates, ${count(counts.rejected)} rejected`;
  const shown = report.rejected.slice(0, INLINE_REJECTED_ROWS);
  const more = Math.max(0, counts.rejected - shown.length);
  // A large import's rows are more than an email carries: the attachment holds the first ones.
  const cut = attachment && !attachment.complete
    ? `The attached CSV holds the first ${count(attachment.rows)} of the ${count(counts.rejected)} rejected rows (an email carries a few megabytes at most); download them all from the import's page.`
    : null;
  const moreLine = `…and ${count(more)} more${cut ? "." : ", all in the attached CSV."}`;
  const lines = summaryLines(report);

  const text = [
    ...lines.map(([label, value]) => `${label}: ${value}`),
    ...(report.error ? [problemLine(report)] : []),
    "",
    ...(shown.length > 0 ? ["Rejected rows:", ...shown.map((row) => `Row ${row.rowNumber} (${[describeValues(row), describeParams(report.columns, row)].filter(Boolean).join(", ")}): ${plainMessage(row.reason)}`)] : ["No row was rejected."]),
    ...(more > 0 ? [moreLine] : []),
    ...(cut ? [cut] : []),
    "",
    nextStep(report),
    "",
    `See the import: ${report.importUrl}`,
  ].join("\n");

  const summary = lines
    .map(([label, value]) => `<tr><th style="padding:2px 12px 2px 0;text-align:left;color:#475569;font-weight:500">${escapeHtml(label)}</th><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`)
    .join("");
  const html = `<!doctype html><html><body style="margin:0;padding:16px;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1e293b;background:#ffffff">
<div style="max-width:720px">
<h1 style="font-size:20px;margin:0 0 12px">Import of ${escapeHtml(report.fileName)}</h1>
<table style="font-size:14px;margin-bottom:16px">${summary}</table>
${report.error ? `<p style="padding:8px 12px;background:#fef2f2;color:#991b1b;border-radius:6px"><strong>${escapeHtml(problemLine(report))}</strong></p>` : ""}
${shown.length > 0 ? `<h2 style="font-size:16px;margin:16px 0 8px">Rejected rows</h2>${rejectedTable(report, shown)}` : "<p>No row was rejected.</p>"}
${more > 0 ? `<p style="color:#475569">${escapeHtml(moreLine)}</p>` : ""}
${cut ? `<p style="color:#475569">${escapeHtml(cut)}</p>` : ""}
<p style="margin:16px 0">${escapeHtml(nextStep(report))}</p>
<p><a href="${escapeHtml(report.importUrl)}" style="display:inline-block;padding:8px 14px;background:#4f46e5;color:#ffffff;text-decoration:none;border-radius:6px">See the import</a></p>
<p style="color:#64748b;font-size:12px">${escapeHtml(report.importUrl)}</p>
</div>
</body></html>`;

  const attachments = counts.rejected > 0 && attachment
    ? [{ filename: REJECTED_FILE, content: attachment.csv, contentType: "text/csv; charset=utf-8" }]
    : [];
  return { subject, text, html, attachments };
}
