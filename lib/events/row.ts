import { z } from "zod";
import type { DateOrder } from "./date-order";
import { readAddress } from "./address";
import { readJsonParam } from "./json-params";
import {
  MAX_EMAIL_LENGTH,
  MAX_EVENT_NAME_LENGTH,
  MAX_PARAM_NAME_LENGTH,
  MAX_PARAM_VALUE_LENGTH,
  MAX_RAW_LENGTHS,
  MAX_ROW_CHARS,
} from "./rules";
import { parseTime } from "./time";

/**
 * An empty set of parameters. Without a prototype, a column named "__proto__" is a key like any
 * other: on a plain object, assigning it would set the prototype and lose the value.
 */
export function newParams(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

/** A row's parameters by column name. Not z.record, which builds its result by assignment and so drops "__proto__". */
const paramsSchema = z
  .custom<Record<string, string>>((value) => typeof value === "object" && value !== null && !Array.isArray(value), "must be an object")
  .superRefine((params, ctx) => {
    for (const [name, value] of Object.entries(params)) {
      if (typeof value !== "string") ctx.addIssue({ code: "custom", path: [name], message: "must be text" });
      else if (name.length > MAX_PARAM_NAME_LENGTH) ctx.addIssue({ code: "custom", path: [name], message: `a column name has at most ${MAX_PARAM_NAME_LENGTH} characters` });
      else if (value.length > MAX_PARAM_VALUE_LENGTH) ctx.addIssue({ code: "custom", path: [name], message: `a value has at most ${MAX_PARAM_VALUE_LENGTH} characters` });
    }
  })
  .transform((params) => Object.assign(newParams(), params));

/** One row's values as mapped from the file (or as the user left them after fixing), before any checks. */
export const eventInputSchema = z.object({
  email: z.string().max(MAX_RAW_LENGTHS.email),
  event_name: z.string().max(MAX_RAW_LENGTHS.event_name),
  time: z.string().max(MAX_RAW_LENGTHS.time),
  params: paramsSchema,
});
export type EventInput = z.infer<typeof eventInputSchema>;

export type RowIssue = { field: string; message: string };

/** A valid event: trimmed values, the bare address (address.ts), the time as a UTC instant, empty parameters left out. */
export type EventRecord = {
  email: string;
  eventName: string;
  occurredMs: number;
  params: Record<string, string>;
};

/** Shared by every row without issues: a million rows need not allocate a million empty arrays. */
export const NO_ISSUES: readonly RowIssue[] = Object.freeze([]);

export type EventCheck = { event: EventRecord; errors: readonly RowIssue[] } | { event: null; errors: readonly RowIssue[] };

export type CheckContext = {
  timeZone: string;
  nowMs: number;
  /** The order of the file's numeric dates with the year last; null or absent while none is known. */
  dateOrder?: DateOrder | null;
  /** Parameters whose values are JSON arrays or objects (json-params.ts). */
  jsonParams?: readonly string[];
};

const WHITESPACE = /\s/;
const CONTROL_CHARACTER = /\p{Cc}/u;

export function checkEmail(value: string): string | null {
  if (value === "") return "The email is empty.";
  if (value.length > MAX_EMAIL_LENGTH) {
    return `The email is ${value.length} characters long; an address has ${MAX_EMAIL_LENGTH} at most.`;
  }
  const at = value.indexOf("@");
  if (at === -1) return `\`${value}\` is not an email address: it has no @.`;
  if (value.indexOf("@", at + 1) !== -1) return `\`${value}\` is not an email address: it has more than one @.`;
  if (at === 0) return `\`${value}\` is not an email address: nothing comes before the @.`;
  if (WHITESPACE.test(value)) return `\`${value}\` is not an email address: it contains a space.`;
  // The domain has at least two labels and none of them is empty: "example.com", not "example." or "a..b".
  const domainStart = at + 1;
  const firstDot = value.indexOf(".", domainStart);
  if (firstDot <= domainStart || value.endsWith(".") || value.includes("..", domainStart)) {
    return `\`${value}\` is not an email address: the part after the @ should be a domain such as example.com.`;
  }
  return null;
}

export function checkEventName(value: string): string | null {
  if (value === "") return "The event name is empty.";
  if (value.length > MAX_EVENT_NAME_LENGTH) {
    return `The event name is ${value.length} characters long; ${MAX_EVENT_NAME_LENGTH} at most.`;
  }
  if (CONTROL_CHARACTER.test(value)) {
    return `\`${value.replace(/\p{Cc}/gu, "�")}\` contains an invisible control character, which an event name cannot have.`;
  }
  return null;
}

export function checkParams(params: Record<string, string>, otherChars = 0): string | null {
  let chars = otherChars;
  for (const name in params) {
    chars += name.length + params[name].length;
    if (name.length > MAX_PARAM_NAME_LENGTH) {
      return `The header of a column is ${name.length.toLocaleString("en")} characters long; ${MAX_PARAM_NAME_LENGTH.toLocaleString("en")} at most.`;
    }
    const length = params[name].length;
    if (length > MAX_PARAM_VALUE_LENGTH) {
      return `The value of \`${name}\` is ${length.toLocaleString("en")} characters long; ${MAX_PARAM_VALUE_LENGTH.toLocaleString("en")} at most.`;
    }
  }
  if (chars > MAX_ROW_CHARS) {
    return `The row holds ${chars.toLocaleString("en")} characters; a row may hold ${MAX_ROW_CHARS.toLocaleString("en")} at most.`;
  }
  return null;
}

/**
 * A row's values cut to what one stageRows call takes, for rows that are invalid anyway: one
 * oversized cell is then reported with its row instead of failing the call that carries it and 499
 * other rows. `cut` says what was cut; the server rejects a cut row with it as the reason.
 */
export function fitForSending(input: EventInput): { input: EventInput; cut: string | null } {
  const names = Object.keys(input.params);
  let total = input.email.length + input.event_name.length + input.time.length;
  for (const name of names) total += name.length + input.params[name].length;
  const fits =
    total <= MAX_ROW_CHARS &&
    input.email.length <= MAX_RAW_LENGTHS.email &&
    input.event_name.length <= MAX_RAW_LENGTHS.event_name &&
    input.time.length <= MAX_RAW_LENGTHS.time &&
    names.every((name) => name.length <= MAX_PARAM_NAME_LENGTH && input.params[name].length <= MAX_PARAM_VALUE_LENGTH);
  if (fits) return { input, cut: null };
  // Every string gets an equal share of the row's budget, and no more than its own limit.
  const share = Math.floor(MAX_ROW_CHARS / (3 + 2 * names.length));
  const cutNames: string[] = [];
  const cutTo = (text: string, limit: number, label: string) => {
    const max = Math.min(limit, share);
    if (text.length <= max) return text;
    cutNames.push(label);
    return `${text.slice(0, max - 1)}…`;
  };
  const params = newParams();
  for (const name of names) {
    const key = cutTo(name, MAX_PARAM_NAME_LENGTH, `a column name`);
    if (!Object.hasOwn(params, key)) params[key] = cutTo(input.params[name], MAX_PARAM_VALUE_LENGTH, `\`${key}\``);
  }
  const fitted = {
    email: cutTo(input.email, MAX_RAW_LENGTHS.email, "the email"),
    event_name: cutTo(input.event_name, MAX_RAW_LENGTHS.event_name, "the event name"),
    time: cutTo(input.time, MAX_RAW_LENGTHS.time, "the time"),
    params,
  };
  const what = [...new Set(cutNames)].slice(0, 5).join(", ");
  return { input: fitted, cut: `The row was too long to import (${total.toLocaleString("en")} characters); ${what} ${cutNames.length === 1 ? "is" : "are"} cut short here.` };
}

/** The rules every event obeys, wherever it is checked: in the browser, on the server, in the CLI. */
export function checkEvent(input: EventInput, context: CheckContext): EventCheck {
  const address = readAddress(input.email.trim());
  const email = "address" in address ? address.address : "";
  const eventName = input.event_name.trim();
  const emailError = "address" in address ? checkEmail(email) : address.message;
  const nameError = checkEventName(eventName);
  const time = parseTime(input.time, context.timeZone, context.nowMs, context.dateOrder ?? null);
  const paramsError = checkParams(input.params, input.email.length + input.event_name.length + input.time.length);
  const json = context.jsonParams?.length ? readJsonParams(cleanParams(input.params), context.jsonParams) : null;
  const jsonError = json && "message" in json ? json.message : null;
  if (emailError || nameError || !time.ok || paramsError || jsonError) {
    const errors: RowIssue[] = [];
    if (emailError) errors.push({ field: "email", message: emailError });
    if (nameError) errors.push({ field: "event_name", message: nameError });
    if (!time.ok) errors.push({ field: "time", message: time.message });
    if (paramsError) errors.push({ field: "row", message: paramsError });
    if (jsonError) errors.push({ field: "row", message: jsonError });
    return { event: null, errors };
  }
  const params = json && "params" in json ? json.params : cleanParams(input.params);
  return { event: { email, eventName, occurredMs: time.instantMs, params }, errors: NO_ISSUES };
}

/** The JSON parameters as canonical JSON text, or the first one's problem. */
function readJsonParams(params: Record<string, string>, names: readonly string[]): { params: Record<string, string> } | { message: string } {
  let out = params;
  for (const name of names) {
    if (!Object.hasOwn(params, name)) continue;
    const read = readJsonParam(name, params[name]);
    if (!read.ok) return { message: read.message };
    if (out === params) out = { ...params };
    out[name] = read.canonical;
  }
  return { params: out };
}

export function cleanParams(params: Record<string, string>): Record<string, string> {
  if (isClean(params)) return params;
  const clean = newParams();
  for (const name in params) {
    const value = params[name].trim();
    const key = name.trim();
    if (value !== "" && key !== "" && !Object.hasOwn(clean, key)) clean[key] = value;
  }
  return clean;
}

/** Already trimmed and without empty values: the common case, which needs no copy. */
function isClean(params: Record<string, string>): boolean {
  for (const name in params) if (needsTrim(params[name]) || needsTrim(name)) return false;
  return true;
}

function needsTrim(text: string): boolean {
  return text === "" || isSpaceCode(text.charCodeAt(0)) || isSpaceCode(text.charCodeAt(text.length - 1));
}

/** The characters String.prototype.trim removes, without calling it on every value. */
function isSpaceCode(code: number): boolean {
  return code <= 32 || (code >= 127 && WHITESPACE.test(String.fromCharCode(code)));
}

/** The row schema with the event rules inside it, for input that arrives whole (a server action). */
export function eventRowSchema(context: CheckContext) {
  return eventInputSchema.transform((input, ctx) => {
    const check = checkEvent(input, context);
    for (const issue of check.errors) ctx.addIssue({ code: "custom", path: [issue.field], message: issue.message });
    return check.event ?? z.NEVER;
  });
}
