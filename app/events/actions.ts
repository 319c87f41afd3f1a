"use server";

import { confirmedRangeSchema, type DeletePreview } from "@/lib/contract/delete-range";
import { describeRange, RANGE_LABELS, timeRangeSchema } from "@/lib/events/time-range";
import { env } from "@/lib/env";
import { action } from "@/lib/server/action";
import { getDb } from "@/lib/server/db/client";
import { countEventsInRange, deleteEventsInRange } from "@/lib/server/events/queries";

const DELETE_OFF = "Deleting events is turned off on this server: an administrator can allow it with ALLOW_EVENT_DELETE=true.";

const eventCount = (count: number) => `${count.toLocaleString("en")} ${count === 1 ? "event" : "events"}`;

/** The confirmation a deletion of the built-in store's events needs: the range and how many it holds. */
export const previewEventDelete = action(
  { role: "admin", input: timeRangeSchema, labels: RANGE_LABELS },
  async (range): Promise<{ ok: true; preview: DeletePreview } | { ok: false; error: string }> => {
    if (!env().ALLOW_EVENT_DELETE) return { ok: false, error: DELETE_OFF };
    const { sql } = await getDb();
    const count = await countEventsInRange(sql, range);
    const described = describeRange(range);
    if (count === 0) return { ok: false, error: `No stored event is from ${described}: there is nothing to delete.` };
    return {
      ok: true,
      preview: {
        summary: `${eventCount(count)} from ${described}, both minutes included, will be deleted from the built-in store. This cannot be undone.`,
        confirmLabel: `Delete ${eventCount(count)}`,
        expected: count,
      },
    };
  },
);

/** Deletes the built-in store's events of a range, if it still holds as many as were confirmed. */
export const deleteEventRange = action({ role: "admin", input: confirmedRangeSchema, labels: RANGE_LABELS }, async (range) => {
  if (!env().ALLOW_EVENT_DELETE) return { ok: false, error: DELETE_OFF };
  const { sql } = await getDb();
  const outcome = await deleteEventsInRange(sql, range, range.expected);
  if (!outcome.ok) {
    return {
      ok: false,
      error: `The range now holds ${eventCount(outcome.found)}, not the ${eventCount(range.expected)} you confirmed: nothing was deleted. Review the deletion again.`,
    };
  }
  return { ok: true, message: `Deleted ${eventCount(outcome.deleted)} from ${describeRange(range)}.` };
});
