"use server";

import { z } from "zod";
import type { DeletePreview } from "@/components/events/delete-range-form";
import { describeRange, timeRangeSchema } from "@/lib/events/time-range";
import { env } from "@/lib/env";
import { guarded, type ActionResult } from "@/lib/server/action-result";
import { getDb } from "@/lib/server/db/client";
import { checkDeleteRequest } from "@/lib/server/events/delete-request";
import { countEventsInRange, deleteEventsInRange } from "@/lib/server/events/queries";

const DELETE_OFF = "Deleting events is turned off on this server: an administrator can allow it with ALLOW_EVENT_DELETE=true.";
const deleteRefusal = () => (env().ALLOW_EVENT_DELETE ? null : DELETE_OFF);

const deleteRangeSchema = timeRangeSchema.safeExtend({ expected: z.number().int().min(1) });

const eventCount = (count: number) => `${count.toLocaleString("en")} ${count === 1 ? "event" : "events"}`;

/** The confirmation a deletion of the built-in store's events needs: the range and how many it holds. */
export async function previewEventDelete(input: unknown): Promise<ActionResult<{ preview: DeletePreview }>> {
  return guarded("events", async (): Promise<ActionResult<{ preview: DeletePreview }>> => {
    const request = await checkDeleteRequest(input, timeRangeSchema, deleteRefusal());
    if (!request.ok) return request;
    const { sql } = await getDb();
    const count = await countEventsInRange(sql, request.range);
    const range = describeRange(request.range);
    if (count === 0) return { ok: false, error: `No stored event is from ${range}: there is nothing to delete.` };
    return {
      ok: true,
      preview: {
        summary: `${eventCount(count)} from ${range}, both minutes included, will be deleted from the built-in store. This cannot be undone.`,
        confirmLabel: `Delete ${eventCount(count)}`,
        expected: count,
      },
    };
  });
}

/** Deletes the built-in store's events of a range, if it still holds as many as were confirmed. */
export async function deleteEventRange(input: unknown): Promise<ActionResult<{ message: string }>> {
  return guarded("events", async (): Promise<ActionResult<{ message: string }>> => {
    const request = await checkDeleteRequest(input, deleteRangeSchema, deleteRefusal());
    if (!request.ok) return request;
    const { range } = request;
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
}
