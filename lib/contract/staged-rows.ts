import { z } from "./zod";
import { eventInputSchema } from "@/lib/events/row";

/**
 * Events in one batch, everywhere: rows in one stageRows call (from the wizard, the command line or
 * a test), rows forwarded in one destination request, rows read per step. Well under the request
 * body limit, and Yespo/eSputnik's `past_events` limit per request.
 */
export const EVENTS_PER_BATCH = 500;

export const stagedRowSchema = eventInputSchema.extend({
  row: z.number().int().min(1).max(2_000_000_000),
  /** Set by the browser on an invalid row whose values it had to cut to send (fitForSending): the reason. */
  cut: z.string().max(2_000).optional(),
  /** Left out by the user in the review: kept as rejected with LEFT_OUT_REASON, never sent. */
  leftOut: z.literal(true).optional(),
});
/** One row as the browser or the command line sends it to be staged. */
export type StagedRowInput = z.infer<typeof stagedRowSchema>;

export const stageRowsInputSchema = z.object({
  importId: z.uuid(),
  seq: z.number().int().min(0).max(10_000_000),
  rows: z
    .array(stagedRowSchema)
    .min(1, "A call carries at least one row.")
    .max(EVENTS_PER_BATCH, `A call carries at most ${EVENTS_PER_BATCH} rows, one destination batch.`),
});
export type StageRowsInput = z.infer<typeof stageRowsInputSchema>;
