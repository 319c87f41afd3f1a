import "server-only";
import type { StagingHashers } from "@/lib/events/dedup";
import type { ReadChoices } from "@/lib/events/import-choices";
import { paramsWithJson } from "@/lib/events/json-params";
import { checkEvent, cleanParams } from "@/lib/events/row";
import { LEFT_OUT_REASON } from "@/lib/events/rules";
import type { Sql } from "@/lib/server/db/sql";
import type { StagedRowInput } from "@/lib/contract/staged-rows";

export type StageResult = { staged: number; rejected: number; alreadyStaged: boolean };

/**
 * Checks every row again with lib/events (the browser is not trusted) and stores the batch. A batch
 * is stored once: the same (import, seq) sent again, after a flaky network, changes nothing.
 */
export async function stageRows(
  sql: Sql,
  hashers: StagingHashers,
  input: { importId: string; seq: number; rows: StagedRowInput[]; timeZone: string } & ReadChoices,
): Promise<StageResult> {
  const jsonParams = input.jsonParams ?? [];
  const context = { timeZone: input.timeZone, nowMs: Date.now(), dateOrder: input.dateOrder ?? null, jsonParams };
  // One name for every row is the import's, whatever a row says.
  const eventName = input.eventName ?? null;
  const columns = {
    row: [] as number[], email: [] as string[], name: [] as string[], time: [] as string[],
    occurred: [] as (number | null)[], params: [] as string[], key: [] as (string | null)[], moment: [] as (string | null)[],
    state: [] as string[], reason: [] as (string | null)[],
  };
  let rejected = 0;
  for (const sent of input.rows) {
    const row = eventName === null ? sent : { ...sent, event_name: eventName };
    // A row cut short is rejected whatever its shortened values say: they are not what the file holds.
    const checked = checkEvent(row, context);
    const check = row.leftOut ? { event: null, errors: [{ field: "row", message: LEFT_OUT_REASON }] }
      : row.cut ? { event: null, errors: [...checked.errors, { field: "row", message: row.cut }] } : checked;
    columns.row.push(row.row);
    // A valid row's address as delivered: `Ann Lee <ann@example.com>` is staged as ann@example.com.
    columns.email.push(check.event?.email ?? row.email.trim());
    columns.name.push(row.event_name.trim());
    columns.time.push(row.time.trim());
    // A JSON column's values are stored as JSON, and so reach the built-in store and every destination.
    columns.params.push(JSON.stringify(check.event ? paramsWithJson(check.event.params, jsonParams) : cleanParams(row.params)));
    columns.occurred.push(check.event?.occurredMs ?? null);
    columns.key.push(check.event ? hashers.dedup(check.event) : null);
    columns.moment.push(check.event ? hashers.moment(check.event) : null);
    columns.state.push(check.event ? "pending" : "rejected");
    columns.reason.push(check.event ? null : check.errors.map((e) => e.message).join(" "));
    if (!check.event) rejected++;
  }
  return sql.transaction(async (tx) => {
    const claimed = await tx.query(
      `INSERT INTO staged_batches (import_id, seq, row_count) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING seq`,
      [input.importId, input.seq, input.rows.length],
    );
    if (claimed.length === 0) return { staged: 0, rejected: 0, alreadyStaged: true };
    await tx.query(
      `INSERT INTO staged_rows
         (import_id, row_number, seq, email, event_name, time_text, occurred_at, params, dedup_key, moment_key, state, reason)
       SELECT $1::uuid, r, $2::int, e, n, t, CASE WHEN o IS NULL THEN NULL ELSE to_timestamp(o / 1000.0) END,
              p::jsonb, k, m, s, why
       FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
         AS u(r, e, n, t, o, p, k, m, s, why)
       ON CONFLICT (import_id, row_number) DO NOTHING`,
      [input.importId, input.seq, columns.row, columns.email, columns.name, columns.time, columns.occurred,
        columns.params, columns.key, columns.moment, columns.state, columns.reason],
    );
    // The live count of rejected rows, so that progress never has to scan the import's rows.
    if (rejected > 0) await tx.query(`UPDATE imports SET rejected = rejected + $2 WHERE id = $1`, [input.importId, rejected]);
    return { staged: input.rows.length, rejected, alreadyStaged: false };
  });
}
