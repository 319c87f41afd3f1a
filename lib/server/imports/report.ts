import "server-only";
import { env } from "@/lib/env";
import type { Sql } from "@/lib/server/db/sql";
import { DESTINATION_LABELS } from "@/lib/server/destinations/configured";
import { sendEmail, type Delivery } from "@/lib/server/mail/mailer";
import { reportEmail } from "@/lib/server/mail/report-email";
import { rejectedRowsCsv } from "@/lib/csv/rejected-rows";
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

export async function loadRejectedRows(sql: Sql, importId: string): Promise<RejectedRow[]> {
  const rows = await sql.query<{ row_number: number; email: string; event_name: string; time_text: string; params: Record<string, string>; reason: string | null }>(
    // An order refused after staging: its line-item rows are rejected with it, each as the file has it.
    `SELECT s.row_number, s.email, s.event_name, s.time_text, coalesce(s.source_params, s.params) AS params,
            coalesce(h.reason, s.reason) AS reason
     FROM staged_rows s
     LEFT JOIN staged_rows h ON s.group_row IS NOT NULL AND h.import_id = s.import_id AND h.row_number = s.group_row
     WHERE s.import_id = $1 AND (s.state = 'rejected' OR (s.state = 'grouped' AND h.state = 'rejected'))
     ORDER BY s.row_number`,
    [importId],
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
    rejected: await loadRejectedRows(sql, importId),
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
  const delivery = await sendEmail(sql, row.notify_email, reportEmail(report, rejectedRowsCsv(report.columns, report.rejected)));
  await sql.query(`UPDATE imports SET report_sent_at = now(), report_via = $2 WHERE id = $1`, [importId, delivery.via]);
  return delivery;
}
