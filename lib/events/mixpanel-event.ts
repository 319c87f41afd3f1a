/**
 * An event as Backfill sends it to Mixpanel's `/import` ("Import Events",
 * docs.mixpanel.com/reference/import-events; "400 Bad Request",
 * docs.mixpanel.com/troubleshooting/errors/400-bad-request), and the limits that page states for each
 * event, built here so that the review shows a row Mixpanel would refuse before anything is sent.
 */
import type { JsonValue, ParamValue } from "./json-params";
import type { RowIssue } from "./row";

/** "Must be smaller than 1MB of uncompressed JSON": read as 1,000,000 bytes, the stricter meaning. */
export const MIXPANEL_MAX_EVENT_BYTES = 1_000_000;
/** "Must have fewer than 255 properties"; nested objects fewer than 255 keys, arrays fewer than 255 elements. */
export const MIXPANEL_MAX_PROPERTIES = 254;
/** "Max nesting depth is 3" for object and array properties. */
export const MIXPANEL_MAX_DEPTH = 3;
/**
 * "String properties have a limit of 255 bytes", list and object properties of 8 KB (read as 8,000
 * bytes), "Supported Properties Data Type", docs.mixpanel.com/docs/data-structure/property-reference/data-type.
 * Mixpanel cuts a longer value rather than refusing it: the stricter reading for Backfill is that such
 * a row is not sent, since what would arrive is not what the file holds. Property names keep to 255 bytes too.
 */
export const MIXPANEL_MAX_STRING_BYTES = 255;
export const MIXPANEL_MAX_OBJECT_BYTES = 8_000;
/** "Any time after 1971-01-01": Mixpanel rejects an event dated earlier. */
export const MIXPANEL_EARLIEST_MS = Date.UTC(1971, 0, 1);

/**
 * The properties Mixpanel reads as the event's own (who, when, which copy, which project), which
 * Backfill sets itself, and the `mp_` prefix Mixpanel keeps for its own properties: where the docs
 * are silent on a parameter of such a name, the stricter reading is that it must not be sent.
 */
const MIXPANEL_OWN_PROPERTIES: readonly string[] = ["distinct_id", "time", "$insert_id", "token", "$distinct_id", "$time"];

export type MixpanelEventInput = { email: string; eventName: string; occurredMs: number; params: Record<string, ParamValue> };

/**
 * The `$insert_id`: the 128-bit dedup key written as a UUID (36 characters, letters, digits and
 * dashes: what Mixpanel allows), so that the same event always carries the same id and Mixpanel drops a repeat.
 */
export function mixpanelInsertId(dedupKey: string): string {
  const hex = dedupKey.toLowerCase().replace(/[^0-9a-f]/g, "").padEnd(32, "0").slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The event: its parameters as properties, then Backfill's own, the time in milliseconds since the epoch. */
export function mixpanelEvent(event: MixpanelEventInput, dedupKey: string) {
  return {
    event: event.eventName,
    properties: { ...event.params, time: Math.floor(event.occurredMs), distinct_id: event.email, $insert_id: mixpanelInsertId(dedupKey) },
  };
}

export function isMixpanelOwnProperty(name: string): boolean {
  return MIXPANEL_OWN_PROPERTIES.includes(name.trim().toLowerCase()) || /^mp_/i.test(name.trim());
}

const encoder = new TextEncoder();
const bytesOf = (text: string) => encoder.encode(text).length;

/** The first thing in a value past Mixpanel's limits on text, nesting, keys and elements. */
function jsonProblem(value: JsonValue, depth: number): string | null {
  if (typeof value === "string") {
    const bytes = bytesOf(value);
    return bytes > MIXPANEL_MAX_STRING_BYTES ? `${depth > 1 ? "holds a text of" : "takes"} ${bytes} bytes; Mixpanel keeps ${MIXPANEL_MAX_STRING_BYTES} bytes of a text and cuts the rest` : null;
  }
  if (value === null || typeof value !== "object") return null;
  if (depth === 1) {
    const bytes = bytesOf(JSON.stringify(value));
    if (bytes > MIXPANEL_MAX_OBJECT_BYTES) return `takes ${bytes.toLocaleString("en")} bytes as JSON; Mixpanel accepts ${MIXPANEL_MAX_OBJECT_BYTES / 1000} kB for a list or object`;
  }
  if (depth > MIXPANEL_MAX_DEPTH) return `nests deeper than ${MIXPANEL_MAX_DEPTH} levels; Mixpanel accepts ${MIXPANEL_MAX_DEPTH} at most`;
  const items = Array.isArray(value) ? value : Object.values(value);
  if (items.length > MIXPANEL_MAX_PROPERTIES) {
    const what = Array.isArray(value) ? `${items.length.toLocaleString("en")} elements in one list` : `${items.length.toLocaleString("en")} keys in one object`;
    return `has ${what}; Mixpanel accepts fewer than ${MIXPANEL_MAX_PROPERTIES + 1}`;
  }
  for (const item of items) {
    const problem = jsonProblem(item, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** Why Mixpanel would refuse this event, in words a user can act on; null when it takes it. */
export function mixpanelEventProblem(event: MixpanelEventInput): RowIssue | null {
  if (event.occurredMs < MIXPANEL_EARLIEST_MS) {
    return { field: "time", message: "The event is dated before 1 January 1971; Mixpanel accepts events from 1971 on." };
  }
  const names = Object.keys(event.params);
  const own = names.find(isMixpanelOwnProperty);
  if (own) {
    return { field: "row", message: `The parameter \`${own}\` has the name of a property Mixpanel reserves: rename the column, or leave it out.` };
  }
  if (names.length + 3 > MIXPANEL_MAX_PROPERTIES) {
    return { field: "row", message: `The event has ${names.length + 3} properties with Backfill's own three; Mixpanel accepts fewer than ${MIXPANEL_MAX_PROPERTIES + 1}.` };
  }
  const longName = names.find((name) => bytesOf(name) > MIXPANEL_MAX_STRING_BYTES);
  if (longName) return { field: "row", message: `A parameter's name takes ${bytesOf(longName)} bytes; Mixpanel accepts ${MIXPANEL_MAX_STRING_BYTES} at most.` };
  for (const name of names) {
    const problem = jsonProblem(event.params[name] as JsonValue, 1);
    if (problem) return { field: "row", message: `The value of \`${name}\` ${problem}.` };
  }
  const bytes = bytesOf(JSON.stringify(mixpanelEvent(event, "")));
  if (bytes >= MIXPANEL_MAX_EVENT_BYTES) {
    return { field: "row", message: `The event takes ${Math.ceil(bytes / 1000)} kB with its parameters; Mixpanel accepts less than ${MIXPANEL_MAX_EVENT_BYTES / 1000} kB.` };
  }
  return null;
}
