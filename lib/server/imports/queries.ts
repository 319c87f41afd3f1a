import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import type { ImportView } from "@/lib/contract/import-view";
import type { ImportColumns, ImportStatus } from "./report-data";

export type { ImportView };

const SELECT_VIEW = `SELECT id, file_name, status, destination, trigger_campaigns, columns, total, delivered, duplicates,
  rejected, batches_done, notify_email, created_by, created_at, started_at, finished_at, report_sent_at, report_via, time_zone,
  (SELECT email FROM users WHERE users.id::text = imports.created_by) AS created_by_email, error FROM imports`;

type Row = Record<string, unknown>;

function toView(row: Row, settled: number): ImportView {
  return {
    id: row.id as string,
    fileName: row.file_name as string,
    status: row.status as ImportStatus,
    destination: row.destination as string,
    triggerCampaigns: row.trigger_campaigns as boolean,
    columns: row.columns as ImportColumns,
    total: row.total as number,
    delivered: row.delivered as number,
    duplicates: row.duplicates as number,
    rejected: row.rejected as number,
    batchesDone: row.batches_done as number,
    settled,
    notifyEmail: row.notify_email as string | null,
    createdBy: row.created_by as string | null,
    createdAt: new Date(row.created_at as string),
    startedAt: row.started_at ? new Date(row.started_at as string) : null,
    finishedAt: row.finished_at ? new Date(row.finished_at as string) : null,
    reportSentAt: row.report_sent_at ? new Date(row.report_sent_at as string) : null,
    reportVia: row.report_via as string | null,
    createdByEmail: row.created_by_email as string | null,
    timeZone: row.time_zone as string,
    error: row.error as string | null,
  };
}

export async function findImport(sql: Sql, id: string): Promise<ImportView | null> {
  const [row] = await sql.query<Row>(`${SELECT_VIEW} WHERE id = $1`, [id]);
  if (!row) return null;
  // Live counters while it runs (rows rejected at staging are counted then); the rows' own counts once finished.
  const view = toView(row, 0);
  const settled = view.finishedAt ? view.total : view.delivered + view.duplicates + view.rejected;
  return { ...view, settled };
}

/** The newest imports: every one for an admin (`createdBy` null), else the user's own. */
export async function listImports(sql: Sql, createdBy: string | null, limit = 100): Promise<ImportView[]> {
  const rows = createdBy === null
    ? await sql.query<Row>(`${SELECT_VIEW} ORDER BY created_at DESC LIMIT $1`, [limit])
    : await sql.query<Row>(`${SELECT_VIEW} WHERE created_by = $2 ORDER BY created_at DESC LIMIT $1`, [limit, createdBy]);
  return rows.map((row) => toView(row, 0));
}
