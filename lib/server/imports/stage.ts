import "server-only";
import type { StagingHashers } from "@/lib/events/dedup";
import { eventRuleFor, ruleWithJson, type EventRule } from "@/lib/events/destination-rules";
import type { ReadChoices } from "@/lib/events/import-choices";
import { paramsWithJson } from "@/lib/events/json-params";
import { jsonParamsWithItems } from "@/lib/events/order-groups";
import { checkEvent, cleanParams, type EventCheck, type RowIssue } from "@/lib/events/row";
import { LEFT_OUT_REASON } from "@/lib/events/rules";
import type { Sql } from "@/lib/server/db/sql";
import type { StagedRowInput } from "@/lib/contract/staged-rows";
import { stagingUnits } from "./stage-orders";

export type StageResult = { staged: number; rejected: number; alreadyStaged: boolean };

/**
 * Checks every row again with lib/events (the browser is not trusted), and with the rule of the
 * import's destination that the review applied (Segment's size, Mixpanel's limits), and stores the batch. A batch
 * is stored once: the same (import, seq) sent again, after a flaky network, changes nothing. An
 * import that makes each order one event (`groupBy`) stores the event on the order's first row and
 * its other rows as "grouped" into it: they share its outcome, and every row of the file is counted.
 */
export async function stageRows(
  sql: Sql,
  hashers: StagingHashers,
  input: { importId: string; seq: number; rows: StagedRowInput[]; timeZone: string; destination?: string } & ReadChoices,
): Promise<StageResult> {
  const jsonParams = jsonParamsWithItems(input.jsonParams ?? [], input.groupBy);
  const rule = ruleWithJson(input.destination ? eventRuleFor(input.destination) : null, jsonParams);
  const context = { timeZone: input.timeZone, nowMs: Date.now(), dateOrder: input.dateOrder ?? null, jsonParams };
  // One name for every row is the import's, whatever a row says.
  const eventName = input.eventName ?? null;
  const columns = {
    row: [] as number[], email: [] as string[], name: [] as string[], time: [] as string[],
    occurred: [] as (number | null)[], params: [] as string[], key: [] as (string | null)[], moment: [] as (string | null)[],
    state: [] as string[], reason: [] as (string | null)[], groupRow: [] as (number | null)[],
    groupSize: [] as (number | null)[], sourceParams: [] as (string | null)[],
  };
  const push = (row: StagedRowInput, state: string, reason: string | null, group: { row?: number; size?: number; source?: string } = {}) => {
    columns.row.push(row.row);
    columns.email.push(row.email.trim());
    columns.name.push((eventName ?? row.event_name).trim());
    columns.time.push(row.time.trim());
    columns.params.push(JSON.stringify(cleanParams(row.params)));
    columns.occurred.push(null);
    columns.key.push(null);
    columns.moment.push(null);
    columns.state.push(state);
    columns.reason.push(reason);
    columns.groupRow.push(group.row ?? null);
    columns.groupSize.push(group.size ?? null);
    columns.sourceParams.push(group.source ?? null);
  };
  let rejected = 0;
  for (const unit of stagingUnits(input.rows, input.groupBy ?? null)) {
    const row = eventName === null ? unit.input : { ...unit.input, event_name: eventName };
    // A row cut short is rejected whatever its shortened values say: they are not what the file holds.
    const checked = ruled(checkEvent(row, context), rule);
    const errors: readonly RowIssue[] | null = row.leftOut ? [{ field: "row", message: LEFT_OUT_REASON }]
      : unit.problem ? [{ field: "row", message: unit.problem }]
      : row.cut ? [...checked.errors, { field: "row", message: row.cut }] : checked.event ? null : checked.errors;
    if (errors || !checked.event) {
      // A refused order's rows are each rejected as the file has them, with the order's reason.
      const reason = (errors ?? []).map((e) => e.message).join(" ");
      for (const source of [unit.own, ...unit.members]) push(source, "rejected", reason);
      rejected += 1 + unit.members.length;
      continue;
    }
    const event = checked.event;
    const grouped = unit.members.length > 0 || unit.input !== unit.own;
    push(row, "pending", null, grouped ? { size: unit.members.length, source: JSON.stringify(cleanParams(unit.own.params)) } : {});
    const at = columns.row.length - 1;
    // A valid row's address as delivered: `Ann Lee <ann@example.com>` is staged as ann@example.com.
    columns.email[at] = event.email;
    // A JSON column's values are stored as JSON, and so reach the built-in store and every destination.
    columns.params[at] = JSON.stringify(paramsWithJson(event.params, jsonParams));
    columns.occurred[at] = event.occurredMs;
    columns.key[at] = hashers.dedup(event);
    columns.moment[at] = hashers.moment(event);
    for (const member of unit.members) push(member, "grouped", null, { row: unit.own.row });
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
         (import_id, row_number, seq, email, event_name, time_text, occurred_at, params, dedup_key, moment_key, state, reason,
          group_row, group_size, source_params)
       SELECT $1::uuid, r, $2::int, e, n, t, CASE WHEN o IS NULL THEN NULL ELSE to_timestamp(o / 1000.0) END,
              p::jsonb, k, m, s, why, g, gs, sp::jsonb
       FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[], $9::text[], $10::text[], $11::text[],
                   $12::text[], $13::int[], $14::int[], $15::text[])
         AS u(r, e, n, t, o, p, k, m, s, why, g, gs, sp)
       ON CONFLICT (import_id, row_number) DO NOTHING`,
      [input.importId, input.seq, columns.row, columns.email, columns.name, columns.time, columns.occurred,
        columns.params, columns.key, columns.moment, columns.state, columns.reason, columns.groupRow, columns.groupSize, columns.sourceParams],
    );
    // The live count of rejected rows, so that progress never has to scan the import's rows.
    if (rejected > 0) await tx.query(`UPDATE imports SET rejected = rejected + $2 WHERE id = $1`, [input.importId, rejected]);
    return { staged: input.rows.length, rejected, alreadyStaged: false };
  });
}

/** A valid event the destination's rule refuses becomes a row with that rule's reason, as in the review. */
function ruled(check: EventCheck, rule: EventRule | null): EventCheck {
  if (!check.event || !rule) return check;
  const issue = rule(check.event);
  return issue ? { event: null, errors: [issue] } : check;
}
