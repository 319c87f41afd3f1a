import "server-only";
import { z } from "zod";
import type { DedupHasher } from "@/lib/events/dedup";
import { checkEvent, cleanParams, eventInputSchema } from "@/lib/events/row";
import { LEFT_OUT_REASON } from "@/lib/events/rules";
import type { Sql } from "@/lib/server/db/sql";

/** Rows in one stageRows call: one destination batch, and a request well under the body limit. */
export const MAX_ROWS_PER_STAGE_CALL = 500;

export const stagedRowSchema = eventInputSchema.extend({
  row: z.number().int().min(1).max(2_000_000_000),
  /** Set by the browser on an invalid row whose values it had to cut to send (fitForSending): the reason. */
  cut: z.string().max(2_000).optional(),
  /** Left out by the user in the review: kept as rejected with LEFT_OUT_REASON, never sent. */
  leftOut: z.literal(true).optional(),
});
export type StagedRowInput = z.infer<typeof stagedRowSchema>;

export const stageRowsInputSchema = z.object({
  importId: z.uuid(),
  seq: z.number().int().min(0).max(10_000_000),
  rows: z
    .array(stagedRowSchema)
    .min(1, "A call carries at least one row.")
    .max(MAX_ROWS_PER_STAGE_CALL, `A call carries at most ${MAX_ROWS_PER_STAGE_CALL} rows, one destination batch.`),
});
export type StageRowsInput = z.infer<typeof stageRowsInputSchema>;

export type StageResult = { staged: number; rejected: number; alreadyStaged: boolean };

/**
 * Checks every row again with lib/events (the browser is not trusted) and stores the batch. A batch
 * is stored once: the same (import, seq) sent again, after a flaky network, changes nothing.
 */
export async function stageRows(
  sql: Sql,
  hasher: DedupHasher,
  input: { importId: string; seq: number; rows: StagedRowInput[]; timeZone: string },
): Promise<StageResult> {
  const context = { timeZone: input.timeZone, nowMs: Date.now() };
  const columns = {
    row: [] as number[], email: [] as string[], name: [] as string[], time: [] as string[],
    occurred: [] as (number | null)[], params: [] as string[], key: [] as (string | null)[],
    state: [] as string[], reason: [] as (string | null)[],
  };
  let rejected = 0;
  for (const row of input.rows) {
    // A row cut short is rejected whatever its shortened values say: they are not what the file holds.
    const checked = checkEvent(row, context);
    const check = row.leftOut ? { event: null, errors: [{ field: "row", message: LEFT_OUT_REASON }] }
      : row.cut ? { event: null, errors: [...checked.errors, { field: "row", message: row.cut }] } : checked;
    columns.row.push(row.row);
    columns.email.push(row.email.trim());
    columns.name.push(row.event_name.trim());
    columns.time.push(row.time.trim());
    columns.params.push(JSON.stringify(check.event?.params ?? cleanParams(row.params)));
    columns.occurred.push(check.event?.occurredMs ?? null);
    columns.key.push(check.event ? hasher(check.event) : null);
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
         (import_id, row_number, seq, email, event_name, time_text, occurred_at, params, dedup_key, state, reason)
       SELECT $1::uuid, r, $2::int, e, n, t, CASE WHEN o IS NULL THEN NULL ELSE to_timestamp(o / 1000.0) END,
              p::jsonb, k, s, why
       FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[], $9::text[], $10::text[], $11::text[])
         AS u(r, e, n, t, o, p, k, s, why)
       ON CONFLICT (import_id, row_number) DO NOTHING`,
      [input.importId, input.seq, columns.row, columns.email, columns.name, columns.time, columns.occurred,
        columns.params, columns.key, columns.state, columns.reason],
    );
    // The live count of rejected rows, so that progress never has to scan the import's rows.
    if (rejected > 0) await tx.query(`UPDATE imports SET rejected = rejected + $2 WHERE id = $1`, [input.importId, rejected]);
    return { staged: input.rows.length, rejected, alreadyStaged: false };
  });
}
