"use server";

import { z } from "zod";
import type { DeletePreview } from "@/lib/contract/delete-range";
import { destinationNameSchema } from "@/lib/contract/imports";
import { describeRange, RANGE_LABELS, timeRangeSchema } from "@/lib/events/time-range";
import { env } from "@/lib/env";
import { action } from "@/lib/server/action";
import { deleteYespoPastEvents, isConfiguredDestination, testDestinationConnection } from "@/lib/server/destinations/configured";
import { yespoTime } from "@/lib/server/destinations/yespo";

/** A harmless authenticated request to one configured destination, by its name; its answer, in words. */
export const testConnection = action({ role: "admin", input: z.object({ destination: destinationNameSchema }) }, async ({ destination }) => {
  const check = await testDestinationConnection(destination);
  return check.ok ? { ok: true, message: check.message } : { ok: false, error: check.message };
});

/** Why Yespo's past events cannot be deleted here, or null when they can. */
function yespoDeleteRefusal(): string | null {
  const config = env();
  if (!isConfiguredDestination("yespo")) return "Yespo is not configured here: there are no past events in Yespo to delete from here.";
  if (!config.ALLOW_EVENT_DELETE) return "Deleting past events in Yespo is turned off: an administrator can allow it with ALLOW_EVENT_DELETE=true.";
  return null;
}

const deleteRange = { role: "admin", input: timeRangeSchema, labels: RANGE_LABELS } as const;

/** The confirmation a deletion in Yespo needs: the range on both clocks. Yespo does not say how many events it holds. */
export const previewYespoDelete = action(deleteRange, async (range): Promise<{ ok: true; preview: DeletePreview } | { ok: false; error: string }> => {
  const refusal = yespoDeleteRefusal();
  if (refusal) return { ok: false, error: refusal };
  // Required whenever Yespo is configured, which yespoDeleteRefusal has checked.
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

/** Deletes the Yespo account's past events of a range. */
export const deleteYespoEvents = action(deleteRange, async (range) => {
  const refusal = yespoDeleteRefusal();
  if (refusal) return { ok: false, error: refusal };
  const result = await deleteYespoPastEvents(range);
  return result.ok ? { ok: true, message: result.message } : { ok: false, error: result.message };
});
