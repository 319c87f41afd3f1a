import { z } from "./zod";
import { eventInputSchema, newParams } from "@/lib/events/row";
import { MAX_PARAM_NAME_LENGTH, MAX_PARAM_VALUE_LENGTH, MAX_RAW_LENGTHS } from "@/lib/events/rules";

/**
 * Events in one destination batch: rows forwarded in one destination request, rows the command
 * line stages at a time, rows read per step. Yespo/eSputnik's `past_events` limit per request.
 */
export const EVENTS_PER_BATCH = 500;

/**
 * Rows in one stageRows call from the wizard. The destination's limit is not the server's: a call
 * this size pays for its session and token checks and its round trip ten times less often, and the
 * wizard also cuts a call short at MAX_BATCH_CHARS, under the server's body limit.
 */
export const ROWS_PER_CALL = 5_000;

const MAX_REASON_LENGTH = 2_000;

export const stagedRowSchema = eventInputSchema.extend({
  row: z.number().int().min(1).max(2_000_000_000),
  /** Set by the browser on an invalid row whose values it had to cut to send (fitForSending): the reason. */
  cut: z.string().max(MAX_REASON_LENGTH).optional(),
  /** Left out by the user in the review: kept as rejected with LEFT_OUT_REASON, never sent. */
  leftOut: z.literal(true).optional(),
});
/** One row as the browser or the command line hands it to staging. */
export type StagedRowInput = z.infer<typeof stagedRowSchema>;

const indexSchema = z.number().int().min(0).max(ROWS_PER_CALL - 1);

/**
 * A column of text, each value at most `max` long, checked in one loop: z.array(z.string()) costs
 * about 60 ms for a call's 20,000 values, 12 s of a million-row upload on the server's one thread.
 */
const textColumn = (max: number) =>
  z.custom<string[]>((value) => Array.isArray(value) && value.every((text) => typeof text === "string" && text.length <= max),
    `must be a list of texts of at most ${max.toLocaleString("en")} characters`);

/**
 * One stageRows call's rows by column, each parameter's values under its name's place in `names`
 * ("" where a row has none). Not an object per row: React's decoder of an action's arguments deletes
 * every key named "__proto__", so a column of that name would lose its values; a name travels as an
 * item of an array, which it keeps.
 */
export const stagedBatchSchema = z
  .object({
    rows: z.array(z.number().int().min(1).max(2_000_000_000)).min(1, "A call carries at least one row.")
      .max(ROWS_PER_CALL, `A call carries at most ${ROWS_PER_CALL.toLocaleString("en")} rows.`),
    email: textColumn(MAX_RAW_LENGTHS.email),
    event_name: textColumn(MAX_RAW_LENGTHS.event_name),
    time: textColumn(MAX_RAW_LENGTHS.time),
    names: textColumn(MAX_PARAM_NAME_LENGTH),
    values: z.array(textColumn(MAX_PARAM_VALUE_LENGTH)),
    /** Rows (by their place in the call) cut to fit, with the reason. */
    cut: z.array(z.tuple([indexSchema, z.string().max(MAX_REASON_LENGTH)])),
    leftOut: z.array(indexSchema),
  })
  .superRefine((batch, ctx) => {
    const size = batch.rows.length;
    const columns = [batch.email, batch.event_name, batch.time, ...batch.values];
    if (columns.some((column) => column.length !== size)) ctx.addIssue({ code: "custom", message: "Every column of a call has one value per row." });
    if (batch.values.length !== batch.names.length) ctx.addIssue({ code: "custom", message: "Every parameter of a call has a name." });
    if (new Set(batch.names).size !== batch.names.length) ctx.addIssue({ code: "custom", message: "A call names each parameter once." });
    if ([...batch.cut.map(([at]) => at), ...batch.leftOut].some((at) => at >= size)) ctx.addIssue({ code: "custom", message: "A mark names a row the call does not carry." });
  });
export type StagedBatch = z.infer<typeof stagedBatchSchema>;

/**
 * The longest call text the server takes: the wizard plans a call to at most 1,000,000 bytes on the
 * wire (send-plan.ts), and the action's body limit is 2 MB.
 */
export const MAX_BATCH_TEXT = 1_500_000;

/**
 * A call's rows as the JSON text of a StagedBatch. The wizard's worker writes that text while the
 * call before is in flight; handed to the action as objects, React would encode them on the page's
 * thread when the action's turn comes, and the upload would wait for it between every two calls.
 * The server reads the text back and checks it as strictly as the objects (stagedBatchSchema).
 */
export const stagedBatchTextSchema = z
  .string()
  .max(MAX_BATCH_TEXT, `A call carries at most ${MAX_BATCH_TEXT.toLocaleString("en")} characters.`)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "A call's rows are not JSON." });
      return z.NEVER;
    }
  })
  .pipe(stagedBatchSchema);

/** Rows as the text a stageRows call carries. */
export const packRowsText = (rows: readonly StagedRowInput[]): string => JSON.stringify(packRows(rows));

/** Rows in the form a stageRows call carries them. */
export function packRows(rows: readonly StagedRowInput[]): StagedBatch {
  const places = new Map<string, number>();
  const batch: StagedBatch = { rows: [], email: [], event_name: [], time: [], names: [], values: [], cut: [], leftOut: [] };
  rows.forEach((row, k) => {
    batch.rows.push(row.row);
    batch.email.push(row.email);
    batch.event_name.push(row.event_name);
    batch.time.push(row.time);
    for (const name of Object.keys(row.params)) {
      let place = places.get(name);
      if (place === undefined) {
        place = batch.names.push(name) - 1;
        places.set(name, place);
        batch.values.push(new Array<string>(rows.length).fill(""));
      }
      batch.values[place][k] = row.params[name];
    }
    if (row.cut !== undefined) batch.cut.push([k, row.cut]);
    if (row.leftOut) batch.leftOut.push(k);
  });
  return batch;
}

/** The rows of a call again, each parameter an own key of an object without a prototype. */
export function unpackRows(batch: StagedBatch): StagedRowInput[] {
  const cut = new Map(batch.cut);
  const leftOut = new Set(batch.leftOut);
  return batch.rows.map((row, k) => {
    const params = newParams();
    batch.names.forEach((name, place) => {
      const value = batch.values[place][k];
      if (value !== "") params[name] = value;
    });
    const reason = cut.get(k);
    return {
      row, email: batch.email[k], event_name: batch.event_name[k], time: batch.time[k], params,
      ...(reason === undefined ? {} : { cut: reason }), ...(leftOut.has(k) ? { leftOut: true as const } : {}),
    };
  });
}
