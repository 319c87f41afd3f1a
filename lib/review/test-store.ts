import { readEventsFile } from "@/lib/csv/read-events-file";
import { bytesSource } from "@/lib/csv/source";
import type { EventRule } from "@/lib/events/destination-rules";
import { ReviewStore } from "./store";

/** A store holding a CSV's rows as the worker keeps them, for the tests beside it. */
export async function storeOf(csv: string, options: { timeZone?: string; nowMs?: number; rule?: EventRule | null } = {}): Promise<ReviewStore> {
  const timeZone = options.timeZone ?? "UTC";
  const nowMs = options.nowMs ?? Date.parse("2026-11-22T12:00:00Z");
  let store: ReviewStore | null = null;
  const result = await readEventsFile(bytesSource(new TextEncoder().encode(csv)), {
    timeZone,
    nowMs,
    onHeader: (headers, mapping) => {
      store = new ReviewStore(headers, mapping, { timeZone, nowMs }, options.rule ?? null);
    },
    onRow: (outcome, fields) => store!.add(outcome, fields),
  });
  if (result.error) throw new Error(result.error.message);
  return store!;
}
