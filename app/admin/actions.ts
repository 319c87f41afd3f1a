"use server";

import type { DeletePreview } from "@/components/events/delete-range-form";
import { describeRange, timeRangeSchema } from "@/lib/events/time-range";
import { env } from "@/lib/env";
import { guarded, type ActionResult } from "@/lib/server/action-result";
import { actionCaller } from "@/lib/server/auth/current";
import { deleteYespoPastEvents, testDestinationConnection } from "@/lib/server/destinations/configured";
import { yespoTime } from "@/lib/server/destinations/yespo";
import { checkDeleteRequest } from "@/lib/server/events/delete-request";

/** A harmless authenticated request to the configured destination; its answer, in words. */
export async function testConnection(): Promise<ActionResult<{ message: string }>> {
  return guarded("admin", async (): Promise<ActionResult<{ message: string }>> => {
    const caller = await actionCaller("admin");
    if (!caller.ok) return caller;
    const check = await testDestinationConnection();
    return check.ok ? { ok: true, message: check.message } : { ok: false, error: check.message };
  });
}

/** Why Yespo's past events cannot be deleted here, or null when they can. */
function yespoDeleteRefusal(): string | null {
  const config = env();
  if (config.DESTINATION !== "yespo") return "Events go to the built-in store, not to Yespo: there are no past events in Yespo to delete from here.";
  if (!config.ALLOW_EVENT_DELETE) return "Deleting past events in Yespo is turned off: an administrator can allow it with ALLOW_EVENT_DELETE=true.";
  return null;
}

/** The confirmation a deletion in Yespo needs: the range on both clocks. Yespo does not say how many events it holds. */
export async function previewYespoDelete(input: unknown): Promise<ActionResult<{ preview: DeletePreview }>> {
  return guarded("admin", async (): Promise<ActionResult<{ preview: DeletePreview }>> => {
    const request = await checkDeleteRequest(input, timeRangeSchema, yespoDeleteRefusal());
    if (!request.ok) return request;
    const { range } = request;
    // Required whenever DESTINATION=yespo, which yespoDeleteRefusal has checked.
    const zone = env().YESPO_TIME_ZONE ?? "UTC";
    const onAccountClocks = `${yespoTime(range.from.getTime(), zone)} to ${yespoTime(range.to.getTime(), zone)}`.replaceAll("T", " ");
    return {
      ok: true,
      preview: {
        summary: `Every past event in Yespo from ${describeRange(range)} (${onAccountClocks} in the account's time zone, ${zone}) will be deleted. Yespo does not say how many that is, and it cannot be undone.`,
        confirmLabel: "Delete past events in Yespo",
        expected: null,
      },
    };
  });
}

/** Deletes the Yespo account's past events of a range. */
export async function deleteYespoEvents(input: unknown): Promise<ActionResult<{ message: string }>> {
  return guarded("admin", async (): Promise<ActionResult<{ message: string }>> => {
    const request = await checkDeleteRequest(input, timeRangeSchema, yespoDeleteRefusal());
    if (!request.ok) return request;
    const result = await deleteYespoPastEvents(request.range);
    return result.ok ? { ok: true, message: result.message } : { ok: false, error: result.message };
  });
}
