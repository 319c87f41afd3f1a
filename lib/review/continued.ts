import type { UploadToContinue } from "@/lib/contract/unfinished-upload";
import type { MapChoices } from "./mapping-form";
import { rememberedToMapChoices } from "./remembered";

/** What the server recorded of a stopped upload's reading: enough to read the same file the same way. */
export type RecordedReading = Pick<UploadToContinue, "columns" | "mapChoices" | "timeZone" | "dateOrder" | "eventName" | "jsonParams">;

/**
 * The mapping a stopped upload was sent with, for the same file read again: by column position when
 * the import recorded it, else by the column names it recorded (the first column of each name).
 */
export function continuedMapChoices(headers: readonly string[], recorded: RecordedReading): MapChoices {
  const reading = { timeZone: recorded.timeZone, dateOrder: recorded.dateOrder ?? ("auto" as const), jsonParams: recorded.jsonParams };
  if (recorded.mapChoices) return { ...rememberedToMapChoices(headers, recorded.mapChoices), ...reading };
  const at = (name: string) => headers.indexOf(name);
  const params = recorded.columns.params.map((name) => ({ index: at(name), name }));
  const fields = { email: at(recorded.columns.email), time: at(recorded.columns.time), params };
  const mapping = recorded.eventName ? { ...fields, event_name: -1, eventName: recorded.eventName } : { ...fields, event_name: at(recorded.columns.event_name) };
  return { mapping, ...reading };
}
