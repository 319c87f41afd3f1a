import { withoutReservedColumns } from "./destination-rules";
import { checkEventName } from "./row";
import { EVENT_FIELDS, type EventField } from "./rules";
import { describeMissing, listHeaders, mapHeaders, normalizeHeader, paramColumns, type HeaderMatch } from "./headers";

/**
 * What a user says about a file's columns beyond their names: which header holds a field
 * (`--map time=when`), one event name for every row (`--event-name purchase`), and the destination
 * whose reserved columns are left out of the parameters but those it keeps (`--keep-column recipient`).
 */
export type ColumnChoices = {
  map?: Partial<Record<EventField, string>>;
  eventName?: string | null;
  reserved?: { destination: string; keep: readonly string[] };
};

/**
 * Words that a header holding a field contains, checked in this order (so that `event_timestamp` is a
 * time, not an event name).
 */
const FIELD_WORDS: [EventField, string[]][] = [
  ["email", ["email"]],
  ["time", ["timestamp", "time", "date", "created", "occurred"]],
  ["event_name", ["event"]],
];

/**
 * The mapping of a header: exact names and aliases first, then the user's own choices, then, for a
 * field still without a column, the one header that contains the field's word (`Customer Email`,
 * `Created (UTC)`), proposed, never forced: the mapping step shows it chosen and changeable.
 */
export function chooseColumns(headers: readonly string[], choices: ColumnChoices = {}): HeaderMatch {
  const mapping = { ...mapHeaders(headers).mapping };
  for (const field of EVENT_FIELDS) {
    const wanted = choices.map?.[field];
    if (wanted === undefined) continue;
    const index = headers.findIndex((header) => normalizeHeader(header) === normalizeHeader(wanted));
    if (index === -1) {
      return {
        ok: false, missing: [field], mapping,
        message: `The file has no column "${wanted}" (--map ${field}=${wanted}). Its header has ${listHeaders(headers)}.`,
      };
    }
    for (const other of EVENT_FIELDS) if (mapping[other] === index) mapping[other] = -1;
    mapping[field] = index;
  }
  const eventName = choices.eventName?.trim();
  if (eventName !== undefined && eventName !== "") {
    const problem = checkEventName(eventName);
    if (problem) return { ok: false, missing: [], mapping, message: `--event-name: ${problem}` };
    mapping.event_name = -1;
    mapping.eventName = eventName;
  }
  proposeColumns(headers, mapping, eventName ? ["event_name"] : []);
  mapping.params = paramColumns(headers, mapping);
  if (choices.reserved) mapping.params = withoutReservedColumns(choices.reserved.destination, mapping, choices.reserved.keep).mapping.params;
  const missing = EVENT_FIELDS.filter((field) => mapping[field] === -1 && !(field === "event_name" && mapping.eventName));
  if (missing.length === 0) return { ok: true, mapping };
  return { ok: false, missing, mapping, message: describeMissing(missing, headers) };
}

function proposeColumns(headers: readonly string[], mapping: Record<EventField, number>, settled: EventField[]): void {
  const taken = new Set(EVENT_FIELDS.map((field) => mapping[field]));
  for (const [field, words] of FIELD_WORDS) {
    if (mapping[field] !== -1 || settled.includes(field)) continue;
    const candidates: number[] = [];
    headers.forEach((header, index) => {
      const name = normalizeHeader(header);
      if (!taken.has(index) && words.some((word) => name.includes(word))) candidates.push(index);
    });
    if (candidates.length !== 1) continue;
    mapping[field] = candidates[0];
    taken.add(candidates[0]);
  }
}
