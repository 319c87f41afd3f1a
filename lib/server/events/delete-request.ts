import "server-only";
import type { z } from "zod";
import { RANGE_LABELS, type TimeRange } from "@/lib/events/time-range";
import { describeInvalid } from "@/lib/server/action-result";
import { actionCaller } from "@/lib/server/auth/current";

/**
 * What every deletion by time range checks before it previews or deletes, in this order: an admin
 * asks, deleting is allowed here (`refusal` says why not), and the range is valid.
 */
export async function checkDeleteRequest<S extends z.ZodType<TimeRange>>(
  input: unknown,
  schema: S,
  refusal: string | null,
): Promise<{ ok: false; error: string } | { ok: true; range: z.output<S> }> {
  const caller = await actionCaller("admin");
  if (!caller.ok) return caller;
  if (refusal) return { ok: false, error: refusal };
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, error: describeInvalid(parsed.error, RANGE_LABELS) };
  return { ok: true, range: parsed.data };
}
