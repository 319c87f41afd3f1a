/**
 * Rules a destination adds to our own event rules, pure so that the browser can show them before
 * anything is sent and the server can apply them again before sending.
 */
import type { ParamValue } from "./json-params";
import { mixpanelEventProblem } from "./mixpanel-event";
import type { RowIssue } from "./row";
import { segmentEventProblem } from "./segment-event";

/** Yespo/eSputnik's limit on `eventTypeKey`, the event's name there. */
export const YESPO_MAX_EVENT_NAME_LENGTH = 100;
/** Yespo/eSputnik's limit on `keyValue`, the contact's key: Backfill sends the email there. */
export const YESPO_MAX_KEY_VALUE_LENGTH = 300;
/** Customer.io's limit on an event's name, in bytes of UTF-8 ("Invalid Track API Requests"). */
export const CUSTOMERIO_MAX_EVENT_NAME_BYTES = 100;
/** Klaviyo's limit on a metric's name ("Must be less than 128 characters", Bulk Create Events). */
export const KLAVIYO_MAX_METRIC_NAME_LENGTH = 127;

/**
 * The characters Yespo refuses in `eventTypeKey` and `keyValue` ("Generate event", docs.yespo.io:
 * "All characters are allowed except < ; ' ’ \ / | " ` ^ ? ! , >"), each with the name a user knows
 * it by.
 */
const YESPO_FORBIDDEN_CHARACTERS: ReadonlyMap<string, string> = new Map([
  ["<", "less-than sign (<)"],
  [">", "greater-than sign (>)"],
  [";", "semicolon (;)"],
  ["'", "apostrophe (')"],
  ["\u2019", "typographic apostrophe (\u2019)"],
  ['"', 'double quote (")'],
  ["`", "backtick (`)"],
  ["\\", "backslash (\\)"],
  ["/", "slash (/)"],
  ["|", "vertical bar (|)"],
  ["^", "caret (^)"],
  ["?", "question mark (?)"],
  ["!", "exclamation mark (!)"],
  [",", "comma (,)"],
]);

/** The first forbidden character of the value, named with its article ("an apostrophe ('))"). */
function forbiddenCharacterIn(value: string): string | null {
  for (const character of value) {
    const described = YESPO_FORBIDDEN_CHARACTERS.get(character);
    if (described) return `${/^[aeiou]/.test(described) ? "an" : "a"} ${described}`;
  }
  return null;
}

/** Why Yespo would refuse this event name, in words a user can act on; null when it takes it. */
export function yespoEventNameProblem(name: string): string | null {
  const length = [...name].length;
  if (length > YESPO_MAX_EVENT_NAME_LENGTH) {
    return `The event name is ${length} characters long; Yespo accepts ${YESPO_MAX_EVENT_NAME_LENGTH} at most.`;
  }
  const described = forbiddenCharacterIn(name);
  return described ? `The event name \`${name}\` contains ${described}, which Yespo does not accept in event names.` : null;
}

/** Why Yespo would refuse this email as the event's `keyValue`; null when it takes it. */
export function yespoKeyValueProblem(email: string): string | null {
  const length = [...email].length;
  if (length > YESPO_MAX_KEY_VALUE_LENGTH) {
    return `The email address is ${length} characters long; Yespo accepts ${YESPO_MAX_KEY_VALUE_LENGTH} at most as an event's contact key.`;
  }
  const described = forbiddenCharacterIn(email);
  return described ? `The email address \`${email}\` contains ${described}, which Yespo does not accept in an event's contact key.` : null;
}

/** Why Customer.io would refuse this event name; null when it takes it. */
export function customerioEventNameProblem(name: string): string | null {
  const bytes = new TextEncoder().encode(name).length;
  return bytes > CUSTOMERIO_MAX_EVENT_NAME_BYTES
    ? `The event name takes ${bytes} bytes; Customer.io accepts ${CUSTOMERIO_MAX_EVENT_NAME_BYTES} at most.`
    : null;
}

/** Why Klaviyo would refuse this event name as a metric's name; null when it takes it. */
export function klaviyoEventNameProblem(name: string): string | null {
  const length = [...name].length;
  return length > KLAVIYO_MAX_METRIC_NAME_LENGTH
    ? `The event name is ${length} characters long; Klaviyo accepts ${KLAVIYO_MAX_METRIC_NAME_LENGTH} at most.`
    : null;
}

/** Klaviyo takes events from the year 2000 on ("The time must be after the year 2000", Bulk Create Events). */
export const KLAVIYO_EARLIEST_MS = Date.UTC(2000, 0, 1);
/** Bulk Create Events: an event's properties "must not exceed 400", and "a single string cannot exceed 100KB". */
export const KLAVIYO_MAX_PROPERTIES = 400;
export const KLAVIYO_MAX_STRING_BYTES = 100_000;

/**
 * The fields of an event a destination's rule looks at. The time and parameters are there for the
 * rules that measure the whole event (Segment's, Mixpanel's); a rule given only a name and an address
 * (the one event name of a mapping) reads the event as having none.
 */
export type RuledEvent = { email: string; eventName: string; occurredMs?: number; params?: Record<string, ParamValue> };
/** A destination's own rule: the first problem it finds with an event, as the row's error. */
export type EventRule = (event: RuledEvent) => RowIssue | null;

function yespoRule(event: RuledEvent): RowIssue | null {
  const email = yespoKeyValueProblem(event.email);
  if (email) return { field: "email", message: email };
  const name = yespoEventNameProblem(event.eventName);
  return name ? { field: "event_name", message: name } : null;
}

function customerioRule(event: RuledEvent): RowIssue | null {
  const name = customerioEventNameProblem(event.eventName);
  return name ? { field: "event_name", message: name } : null;
}

function klaviyoRule(event: RuledEvent): RowIssue | null {
  const name = klaviyoEventNameProblem(event.eventName);
  if (name) return { field: "event_name", message: name };
  if (event.occurredMs !== undefined && event.occurredMs < KLAVIYO_EARLIEST_MS) {
    return { field: "time", message: "The event is from before the year 2000; Klaviyo takes events from 2000 on." };
  }
  const params = event.params ?? {};
  let count = 0;
  for (const name in params) {
    count++;
    const value = params[name];
    // A text of n UTF-16 units takes n to 3n bytes: only a long one is measured.
    if (typeof value === "string" && value.length * 3 > KLAVIYO_MAX_STRING_BYTES) {
      const bytes = new TextEncoder().encode(value).length;
      if (bytes > KLAVIYO_MAX_STRING_BYTES) {
        return { field: "row", message: `The parameter "${name}" takes ${Math.ceil(bytes / 1000)} kB; Klaviyo accepts ${KLAVIYO_MAX_STRING_BYTES / 1000} kB at most in one text.` };
      }
    }
  }
  return count > KLAVIYO_MAX_PROPERTIES
    ? { field: "row", message: `The event has ${count} parameters; Klaviyo accepts ${KLAVIYO_MAX_PROPERTIES} at most.` }
    : null;
}

const wholeEvent = (event: RuledEvent) => ({ ...event, occurredMs: event.occurredMs ?? Date.now(), params: event.params ?? {} });

/** The rule of a destination, by its configured name; null when it adds none. */
export function eventRuleFor(destination: string): EventRule | null {
  if (destination === "yespo") return yespoRule;
  if (destination === "customerio") return customerioRule;
  if (destination === "klaviyo") return klaviyoRule;
  if (destination === "segment") return (event) => segmentEventProblem(wholeEvent(event));
  if (destination === "mixpanel") return (event) => mixpanelEventProblem(wholeEvent(event));
  return null;
}

/**
 * The rule reading the import's JSON columns as the JSON values they are sent as, so that the review
 * and the server measure an event alike (Segment's size, Mixpanel's nesting). A value that is not
 * JSON is left as text: its row is already invalid for it.
 */
export function ruleWithJson(rule: EventRule | null, jsonParams: readonly string[]): EventRule | null {
  if (!rule || jsonParams.length === 0) return rule;
  return (event) => {
    if (!event.params) return rule(event);
    const params: Record<string, ParamValue> = { ...event.params };
    for (const name of jsonParams) {
      const value = params[name];
      if (typeof value !== "string") continue;
      try {
        params[name] = JSON.parse(value) as ParamValue;
      } catch {
        // Not JSON: its row is invalid already, and measured as the text it is.
      }
    }
    return rule({ ...event, params });
  };
}

/**
 * Customer.io reads these attributes of an event as where the emails it triggers go ("Track API:
 * reserved attributes"): a column of that name would silently redirect a campaign's mail.
 */
export const CUSTOMERIO_RESERVED_ATTRIBUTES: readonly string[] = ["recipient", "from_address", "reply_to"];

/** Whether the destination reads a parameter of this name as more than data. */
export function isReservedColumn(destination: string, name: string): boolean {
  // Compared without case or spaces: where Customer.io's documentation is silent on case, the stricter reading.
  return destination === "customerio" && CUSTOMERIO_RESERVED_ATTRIBUTES.includes(sameColumn(name));
}

const sameColumn = (name: string) => name.trim().toLowerCase();

/** Why a parameter column is left out by default for this destination; null when it is an ordinary one. */
export function reservedColumnReason(destination: string, name: string): string | null {
  if (!isReservedColumn(destination, name)) return null;
  return `Left out: Customer.io sends the emails an event triggers to the address in \`${name}\`. Use it as an event parameter only if that is what you want.`;
}

/**
 * The reserved columns among an import's parameters: every path that creates an import records
 * these as kept on purpose, and the server sends no other reserved parameter.
 */
export function reservedAmong(destination: string, params: readonly string[]): string[] {
  return params.filter((name) => isReservedColumn(destination, name));
}

/**
 * The default mapping without the parameter columns the destination reserves, but those named in
 * `keep` (the command line's --keep-column), and why each was left out.
 */
export function withoutReservedColumns<M extends { params: { index: number; name: string }[] }>(
  destination: string,
  mapping: M,
  keep: readonly string[] = [],
): { mapping: M; leftOut: { index: number; reason: string }[] } {
  const kept = new Set(keep.map(sameColumn));
  const leftOut: { index: number; reason: string }[] = [];
  const params = mapping.params.filter((param) => {
    const reason = kept.has(sameColumn(param.name)) ? null : reservedColumnReason(destination, param.name);
    if (reason) leftOut.push({ index: param.index, reason });
    return reason === null;
  });
  return { mapping: { ...mapping, params }, leftOut };
}
