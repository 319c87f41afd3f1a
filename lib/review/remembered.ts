import type { ColumnMapping } from "@/lib/events/headers";
import { MAX_REMEMBERED_COLUMNS, type RememberedChoices } from "@/lib/events/import-choices";
import type { MapChoices } from "./mapping-form";
import type { ReviewSummary } from "./worker-protocol";

/** What the mapping step's choices are kept as, for the next file with this header; null for a header too large to keep. */
export function choicesToRemember(summary: Pick<ReviewSummary, "headers" | "mapping" | "jsonParams" | "dateOrder" | "timeZone">): { headers: string[]; choices: RememberedChoices } | null {
  const { headers, mapping } = summary;
  if (headers.length > MAX_REMEMBERED_COLUMNS || headers.some((header) => header.length > 1_000)) return null;
  return {
    headers,
    choices: {
      email: mapping.email,
      event_name: mapping.event_name,
      time: mapping.time,
      params: mapping.params.map((param) => param.index),
      json: mapping.params.filter((param) => summary.jsonParams.includes(param.name)).map((param) => param.index),
      eventName: mapping.eventName ?? null,
      dateOrder: summary.dateOrder,
      timeZone: summary.timeZone,
    },
  };
}

/** Remembered choices as the mapping step's, for a file with the same header. */
export function rememberedToMapChoices(headers: readonly string[], choices: RememberedChoices): MapChoices {
  const params = choices.params
    .filter((index) => headers[index] !== undefined && headers[index].trim() !== "")
    .map((index) => ({ index, name: headers[index].trim() }));
  const fields = { email: choices.email, event_name: choices.eventName ? -1 : choices.event_name, time: choices.time };
  const mapping: ColumnMapping = choices.eventName ? { ...fields, params, eventName: choices.eventName } : { ...fields, params };
  const json = new Set(choices.json ?? []);
  const jsonParams = params.filter((param) => json.has(param.index)).map((param) => param.name);
  return { mapping, timeZone: choices.timeZone, dateOrder: choices.dateOrder ?? "auto", jsonParams };
}
