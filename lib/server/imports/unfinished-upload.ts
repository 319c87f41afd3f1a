import "server-only";
import type { UnfinishedUpload, UploadToContinue } from "@/lib/contract/unfinished-upload";
import type { ImportColumns } from "@/lib/csv/rejected-rows";
import type { DateOrder } from "@/lib/events/date-order";
import type { RememberedChoices } from "@/lib/events/import-choices";
import { hashToken, newToken } from "@/lib/server/auth/tokens";
import type { Sql } from "@/lib/server/db/sql";

/** The caller's latest import of this very file that still waits for rows; null when there is none. */
export async function findUnfinishedUpload(sql: Sql, userId: string, fingerprint: string): Promise<UnfinishedUpload | null> {
  const [row] = await sql.query<{ id: string; file_name: string; created_at: Date | string; file_rows: number | null; staged: number }>(
    `SELECT i.id, i.file_name, i.created_at, i.file_rows,
            (SELECT coalesce(sum(b.row_count), 0)::int FROM staged_batches b WHERE b.import_id = i.id) AS staged
     FROM imports i
     WHERE i.created_by = $1 AND i.file_fingerprint = $2 AND i.status = 'staging'
     ORDER BY i.created_at DESC LIMIT 1`,
    [userId, fingerprint],
  );
  if (!row) return null;
  return { importId: row.id, fileName: row.file_name, startedAt: new Date(row.created_at).toISOString(), staged: row.staged, rows: row.file_rows };
}

/**
 * Continues the creator's stopped upload: the token the closed tab held is replaced by a new one (it is
 * gone with the tab, and no other tab should go on sending with it), and the wizard learns which calls
 * arrived. Null unless the import is the caller's, of this file, and still takes rows.
 */
export async function continueUpload(sql: Sql, importId: string, userId: string, fingerprint: string): Promise<UploadToContinue | null> {
  const token = newToken();
  const [row] = await sql.query<{
    columns: ImportColumns; map_choices: RememberedChoices | null; time_zone: string; date_order: DateOrder | null;
    event_name: string | null; json_params: string[] | null; trigger_campaigns: boolean;
  }>(
    `UPDATE imports SET token_hash = $4
     WHERE id = $1 AND created_by = $2 AND file_fingerprint = $3 AND status = 'staging'
     RETURNING columns, map_choices, time_zone, date_order, event_name, json_params, trigger_campaigns`,
    [importId, userId, fingerprint, hashToken(token)],
  );
  if (!row) return null;
  const seqs = await sql.query<{ seq: number }>(`SELECT seq FROM staged_batches WHERE import_id = $1 ORDER BY seq`, [importId]);
  return {
    token, stagedSeqs: seqs.map((batch) => batch.seq), columns: row.columns, mapChoices: row.map_choices, timeZone: row.time_zone,
    dateOrder: row.date_order, eventName: row.event_name, jsonParams: row.json_params ?? [], triggerCampaigns: row.trigger_campaigns,
  };
}
