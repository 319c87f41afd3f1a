import { EVENT_FIELDS, REPORT_COLUMNS, type EventField } from "./rules";

/** Header spellings that mean one of the required fields, compared after normalizeHeader. */
const ALIASES: Record<EventField, readonly string[]> = {
  email: ["email", "e-mail", "email address", "mail"],
  // Not "name": in shop and CRM exports it is an order number or a person's name, never an event's.
  event_name: ["event_name", "event", "event name", "event type", "eventTypeKey"],
  time: ["time", "timestamp", "occurred", "occurred_at", "date", "datetime", "event time", "created_at"],
};

/** Case-insensitive, ignoring spaces, `_` and `-`: "Event Name", "event_name" and "EVENT-NAME" are one header. */
export function normalizeHeader(header: string): string {
  return header.trim().toLowerCase().replace(/[\s_-]+/g, "");
}

const FIELD_BY_ALIAS = new Map<string, EventField>();
for (const field of EVENT_FIELDS) {
  for (const alias of ALIASES[field]) FIELD_BY_ALIAS.set(normalizeHeader(alias), field);
}
const IGNORED = new Set<string>(REPORT_COLUMNS.map(normalizeHeader));

export type ParamColumn = { index: number; name: string };

/** Which column of the file feeds which field; -1 where a required field has no column. */
export type ColumnMapping = {
  email: number;
  event_name: number;
  time: number;
  params: ParamColumn[];
  /** The same event name for every row, when no column holds it (event_name is then -1). */
  eventName?: string;
};

export type HeaderMatch =
  | { ok: true; mapping: ColumnMapping }
  | { ok: false; missing: EventField[]; mapping: ColumnMapping; message: string };

export function fieldForHeader(header: string): EventField | undefined {
  return FIELD_BY_ALIAS.get(normalizeHeader(header));
}

export function isIgnoredColumn(header: string): boolean {
  return IGNORED.has(normalizeHeader(header));
}

/**
 * Matches a header row to the fields. When two columns could be the same field, the one spelled
 * exactly like the field ("email", "event_name", "time") wins, else the leftmost; the other becomes a
 * parameter.
 */
export function mapHeaders(headers: readonly string[]): HeaderMatch {
  const mapping: ColumnMapping = { email: -1, event_name: -1, time: -1, params: [] };
  headers.forEach((header, index) => {
    const field = fieldForHeader(header);
    if (!field) return;
    const current = mapping[field];
    const exact = normalizeHeader(header) === normalizeHeader(field);
    if (current === -1 || (exact && normalizeHeader(headers[current]) !== normalizeHeader(field))) {
      mapping[field] = index;
    }
  });
  mapping.params = paramColumns(headers, mapping);
  const missing = EVENT_FIELDS.filter((field) => mapping[field] === -1);
  if (missing.length === 0) return { ok: true, mapping };
  return { ok: false, missing, mapping, message: describeMissing(missing, headers) };
}

/** Every column that is neither mapped to a field nor one of our report columns, under its trimmed header. */
export function paramColumns(
  headers: readonly string[],
  fields: Pick<ColumnMapping, EventField>,
): ParamColumn[] {
  const taken = new Set(EVENT_FIELDS.map((field) => fields[field]));
  const params: ParamColumn[] = [];
  headers.forEach((header, index) => {
    const name = header.trim();
    if (taken.has(index) || name === "" || IGNORED.has(normalizeHeader(name))) return;
    params.push({ index, name });
  });
  return params;
}

export function describeMissing(missing: EventField[], headers: readonly string[]): string {
  const names = missing.map((field) => `"${field}"`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  const column = missing.length === 1 ? "column" : "columns";
  return `The file has no ${list} ${column}. Its header has ${listHeaders(headers)}. ` +
    `Name the columns email, event_name and time (or a common alias such as "event" or "timestamp"), ` +
    `or say which column holds each with --map FIELD=HEADER (and --event-name NAME for one name for every row).`;
}

/** The file's header names, quoted, for a message. */
export function listHeaders(headers: readonly string[]): string {
  const found = headers.filter((h) => h.trim() !== "").map((h) => `"${h.trim()}"`);
  const shown = found.length > 10 ? `${found.slice(0, 10).join(", ")}, …` : found.join(", ");
  return shown || "no column names";
}
