import "server-only";
import { timingSafeEqual } from "node:crypto";
import type { DateOrder } from "@/lib/events/date-order";
import { CONTACTS_FIRST_ONLY_YESPO, type CreateImportInput } from "@/lib/contract/imports";
import type { RememberedChoices } from "@/lib/events/import-choices";
import type { GroupByChoice } from "@/lib/events/order-columns";
import { hashToken, newToken } from "@/lib/server/auth/tokens";
import type { Sql } from "@/lib/server/db/sql";

/** What the wizard knows of the file it uploads from, so that a stopped upload can be continued from it. */
export type UploadFacts = { fingerprint?: string; rows: number; mapChoices?: RememberedChoices };

export async function createImport(
  sql: Sql,
  input: CreateImportInput & { destination: string; createdBy: string | null; upload?: UploadFacts },
): Promise<{ importId: string; token: string }> {
  // Every path into the server keeps the rule: the wizard, the command line and a hand-made request.
  if (input.contactsFirst && input.destination !== "yespo") throw new Error(CONTACTS_FIRST_ONLY_YESPO);
  const token = newToken();
  const [row] = await sql.query<{ id: string }>(
    `INSERT INTO imports (file_name, time_zone, trigger_campaigns, destination, columns, notify_email, created_by, token_hash,
                          date_order, event_name, json_params, contacts_first, file_fingerprint, file_rows, map_choices, group_by,
                          send_changed_repeats)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
    [input.fileName, input.timeZone, input.triggerCampaigns, input.destination, JSON.stringify(input.columns),
      input.notifyEmail, input.createdBy, hashToken(token), input.dateOrder ?? null, input.eventName ?? null,
      JSON.stringify(input.jsonParams ?? []), input.contactsFirst ?? false, input.upload?.fingerprint ?? null, input.upload?.rows ?? null,
      input.upload?.mapChoices ? JSON.stringify(input.upload.mapChoices) : null, input.groupBy ? JSON.stringify(input.groupBy) : null,
      input.sendChangedRepeats ?? false],
  );
  return { importId: row.id, token };
}

export type StagingImport = {
  id: string; timeZone: string; dateOrder: DateOrder | null; eventName: string | null; jsonParams: string[];
  /** Where the import goes: its rule applies to every row staged. */
  destination: string;
  groupBy: GroupByChoice | null;
};

/**
 * The import, when the caller created it, the token is its own and it still takes rows; null
 * otherwise (no hint which).
 */
export async function findStagingImport(sql: Sql, importId: string, token: string, userId: string | null): Promise<StagingImport | null> {
  const [row] = await sql.query<{
    id: string; time_zone: string; token_hash: string | null; status: string; created_by: string | null;
    date_order: DateOrder | null; event_name: string | null; json_params: string[] | null; destination: string; group_by: GroupByChoice | null;
  }>(
    `SELECT id, time_zone, token_hash, status, created_by, date_order, event_name, json_params, destination, group_by FROM imports WHERE id = $1`,
    [importId],
  );
  if (!row?.token_hash || row.status !== "staging" || row.created_by !== userId) return null;
  const expected = Buffer.from(row.token_hash, "hex");
  const given = Buffer.from(hashToken(token), "hex");
  if (!timingSafeEqual(expected, given)) return null;
  return { id: row.id, timeZone: row.time_zone, dateOrder: row.date_order, eventName: row.event_name, jsonParams: row.json_params ?? [], destination: row.destination,
    groupBy: row.group_by };
}

/** Closes staging: no more rows are taken, and the import waits for a worker. */
export async function markQueued(sql: Sql, importId: string): Promise<{ total: number }> {
  const [row] = await sql.query<{ total: number }>(
    `UPDATE imports SET status = 'queued', committed_at = now(),
            total = (SELECT count(*)::int FROM staged_rows WHERE import_id = $1)
     WHERE id = $1 AND status = 'staging' RETURNING total`,
    [importId],
  );
  return { total: row?.total ?? 0 };
}

/** How many imports the user started since the given time: the hourly limit counts them. */
export async function importsStartedSince(sql: Sql, userId: string, since: Date): Promise<number> {
  const [row] = await sql.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM imports WHERE created_by = $1 AND created_at > $2`,
    [userId, since],
  );
  return row.count;
}
