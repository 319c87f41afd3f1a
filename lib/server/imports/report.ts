import "server-only";
import { env } from "@/lib/env";
import type { Sql } from "@/lib/server/db/sql";
import { DESTINATION_LABELS } from "@/lib/server/destinations/configured";
import { sendEmail, type Delivery } from "@/lib/server/mail/mailer";
import { INLINE_REJECTED_ROWS, reportEmail, type RejectedAttachment } from "@/lib/server/mail/report-email";
import { EVENTS_PER_BATCH } from "@/lib/contract/staged-rows";
import { rejectedRowsHead, rejectedRowsRecords } from "@/lib/csv/rejected-rows";
import type { ImportColumns, ImportStatus, RejectedRow, ReportData } from "./report-data";

type ImportRow = {
  id: string;
  file_name: string;
  time_zone: string;
  status: ImportStatus;
  trigger_campaigns: boolean;
  destination: string;
  columns: ImportColumns;
  total: number;
  delivered: number;
  duplicates: number;
  rejected: number;
  created_by: string | null;
  notify_email: string | null;
  created_at: Date;
  finished_at: Date | null;
  report_sent_at: Date | null;
  error: string | null;
};

/**
 * The import's rejected rows in file order: every one, or with `page` the first `limit` after the row
 * `afterRow`, so that a caller reads a large import's rows a page at a time.
 */
export async function loadRejectedRows(sql: Sql, importId: string, page: { afterRow: number; limit: number } | null = null): Promise<RejectedRow[]> {
  const rows = await sql.query<{ row_number: number; email: string; event_name: string; time_text: string; params: Record<string, string>; reason: string | null }>(
    // An order refused after staging: its line-item rows are rejected with it, each as the file has it.
    `SELECT s.row_number, s.email, s.event_name, s.time_text, coalesce(s.source_params, s.params) AS params,
            coalesce(h.reason, s.reason) AS reason
     FROM staged_rows s
     LEFT JOIN staged_rows h ON s.group_row IS NOT NULL AND h.import_id = s.import_id AND h.row_number = s.group_row
     WHERE s.import_id = $1 AND (s.state = 'rejected' OR (s.state = 'grouped' AND h.state = 'rejected'))
       AND s.row_number > $2
     ORDER BY s.row_number LIMIT $3`,
    [importId, page?.afterRow ?? 0, page?.limit ?? null],
  );
  return rows.map((row) => ({
    rowNumber: row.row_number,
    email: row.email,
    eventName: row.event_name,
    time: row.time_text,
    params: row.params,
    reason: row.reason ?? "",
  }));
}

/**
 * The most CSV the report email attaches, in characters: mail servers refuse messages past 10 to 25 MB
 * (the attachment grows by a third in base64), and an attachment of every row of a large import would
 * be held in memory whole, with the outbox's copy in the database's. The import's page has them all.
 */
export const ATTACHED_REJECTED_CHARS = 5_000_000;

/**
 * The rejected rows as the report attaches them: read a page at a time, the file's rows in order until
 * the next would pass `maxChars`, so that memory holds the attachment and one page, whatever the import.
 */
export async function rejectedAttachment(sql: Sql, importId: string, columns: ImportColumns, maxChars = ATTACHED_REJECTED_CHARS): Promise<RejectedAttachment> {
  let csv = rejectedRowsHead(columns);
  let rows = 0;
  let afterRow = 0;
  for (;;) {
    const page = await loadRejectedRows(sql, importId, { afterRow, limit: EVENTS_PER_BATCH });
    if (page.length === 0) return { csv, rows, complete: true };
    const records = (rows > 0 ? "\r\n" : "") + rejectedRowsRecords(columns, page);
    if (csv.length + records.length <= maxChars) {
      csv += records;
      rows += page.length;
      afterRow = page.at(-1)!.rowNumber;
      continue;
    }
    // The page that does not fit: as many of its rows as do.
    for (const row of page) {
      const record = (rows > 0 ? "\r\n" : "") + rejectedRowsRecords(columns, [row]);
      if (csv.length + record.length > maxChars) break;
      csv += record;
      rows++;
    }
    return { csv, rows, complete: false };
  }
}

export async function loadReport(sql: Sql, importId: string): Promise<ReportData | null> {
  const [row] = await sql.query<ImportRow & { uploader_email: string | null }>(
    `SELECT i.*, u.email AS uploader_email FROM imports i LEFT JOIN users u ON u.id::text = i.created_by WHERE i.id = $1`,
    [importId],
  );
  if (!row) return null;
  return {
    importId: row.id,
    fileName: row.file_name,
    uploader: row.uploader_email ?? (row.created_by ? "a deleted account" : null),
    timeZone: row.time_zone,
    createdAt: new Date(row.created_at),
    finishedAt: new Date(row.finished_at ?? Date.now()),
    destination: DESTINATION_LABELS[row.destination] ?? row.destination,
    triggerCampaigns: row.trigger_campaigns,
    status: row.status,
    counts: { total: row.total, delivered: row.delivered, duplicates: row.duplicates, rejected: row.rejected },
    rejected: await loadRejectedRows(sql, importId, { afterRow: 0, limit: INLINE_REJECTED_ROWS }),
    columns: row.columns,
    importUrl: `${env().APP_URL.replace(/\/$/, "")}/imports/${row.id}`,
    error: row.error,
  };
}

/**
 * Sends the report of a finished import once: the job that calls it is retried when mail fails, and
 * a report already sent is not sent again.
 */
export async function sendReport(sql: Sql, importId: string): Promise<Delivery | null> {
  const [row] = await sql.query<{ notify_email: string | null; report_sent_at: Date | null; finished_at: Date | null }>(
    `SELECT notify_email, report_sent_at, finished_at FROM imports WHERE id = $1`,
    [importId],
  );
  if (!row || row.report_sent_at || !row.finished_at) return null;
  const report = (await loadReport(sql, importId))!;
  const attachment = report.counts.rejected > 0 ? await rejectedAttachment(sql, importId, report.columns) : null;
  const delivery = await sendEmail(sql, row.notify_email, reportEmail(report, attachment));
  await sql.query(`UPDATE imports SET report_sent_at = now(), report_via = $2 WHERE id = $1`, [importId, delivery.via]);
  return delivery;
}
