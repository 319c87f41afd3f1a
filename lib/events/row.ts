import { z } from "zod";
import { MAX_EMAIL_LENGTH, MAX_EVENT_NAME_LENGTH, MAX_PARAM_NAME_LENGTH, MAX_PARAM_VALUE_LENGTH } from "./rules";
import { parseTime } from "./time";

/** One row's values as mapped from the file (or as the user left them after fixing), before any checks. */
export const eventInputSchema = z.object({
  email: z.string().max(10_000),
  event_name: z.string().max(10_000),
  time: z.string().max(1_000),
  params: z.record(z.string().max(MAX_PARAM_NAME_LENGTH), z.string().max(MAX_PARAM_VALUE_LENGTH)),
});
export type EventInput = z.infer<typeof eventInputSchema>;

export type RowIssue = { field: string; message: string };

/** A valid event: trimmed values, the time as a UTC instant, empty parameters left out. */
export type EventRecord = {
  email: string;
  eventName: string;
  occurredMs: number;
  params: Record<string, string>;
};

/** Shared by every row without issues: a million rows need not allocate a million empty arrays. */
export const NO_ISSUES: readonly RowIssue[] = Object.freeze([]);

export type EventCheck = { event: EventRecord; errors: readonly RowIssue[] } | { event: null; errors: readonly RowIssue[] };

export type CheckContext = { timeZone: string; nowMs: number };

const WHITESPACE = /\s/;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

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
    return `\`${value.replace(/[\u0000-\u001f\u007f-\u009f]/g, "�")}\` contains an invisible control character, which an event name cannot have.`;
  }
  return null;
}

export function checkParams(params: Record<string, string>): string | null {
  for (const name in params) {
    if (name.length > MAX_PARAM_NAME_LENGTH) {
      return `The header of a column is ${name.length.toLocaleString("en")} characters long; ${MAX_PARAM_NAME_LENGTH.toLocaleString("en")} at most.`;
    }
    const length = params[name].length;
    if (length > MAX_PARAM_VALUE_LENGTH) {
      return `The value of \`${name}\` is ${length.toLocaleString("en")} characters long; ${MAX_PARAM_VALUE_LENGTH.toLocaleString("en")} at most.`;
    }
  }
  return null;
}

/** The rules every event obeys, wherever it is checked: in the browser, on the server, in the CLI. */
export function checkEvent(input: EventInput, context: CheckContext): EventCheck {
  const email = input.email.trim();
  const eventName = input.event_name.trim();
  const emailError = checkEmail(email);
  const nameError = checkEventName(eventName);
  const time = parseTime(input.time, context.timeZone, context.nowMs);
  const paramsError = checkParams(input.params);
  if (emailError || nameError || !time.ok || paramsError) {
    const errors: RowIssue[] = [];
    if (emailError) errors.push({ field: "email", message: emailError });
    if (nameError) errors.push({ field: "event_name", message: nameError });
    if (!time.ok) errors.push({ field: "time", message: time.message });
    if (paramsError) errors.push({ field: "row", message: paramsError });
    return { event: null, errors };
  }
  return { event: { email, eventName, occurredMs: time.instantMs, params: cleanParams(input.params) }, errors: NO_ISSUES };
}

export function cleanParams(params: Record<string, string>): Record<string, string> {
  if (isClean(params)) return params;
  const clean: Record<string, string> = {};
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
