import type { DateOrder } from "./date-order";
import { EARLIEST_EVENT_MS, FUTURE_TOLERANCE_MS } from "./rules";
import { readLooseTime } from "./time-formats";
import type { TimeParts } from "./time-parts";
import { wallTimeToInstant } from "./time-zone";

export type TimeResult = { ok: true; instantMs: number } | { ok: false; message: string };

const UNIX_SECONDS = /^\d{9,10}(?:\.\d{1,6})?$/;
const UNIX_MILLISECONDS = /^\d{12,13}$/;
/** GA4's `event_timestamp` in BigQuery exports, and other warehouses': sixteen digits of microseconds. */
const UNIX_MICROSECONDS = /^\d{16}$/;
/**
 * A date cell saved as its number: days since 30 December 1899, the fraction the time of day. Five
 * digits cover 1970 to 2173; the message names it, since read as Unix seconds it would be 1970.
 */
const EXCEL_SERIAL = /^\d{5}(?:\.\d+)?$/;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

const FORMATS_HINT =
  "use a date such as 2024-01-15, 1/15/2024, 15.01.2024 or Jan 15, 2024, optionally followed by a time " +
  "such as 13:05, 1:05 PM or 13:05:07 and an offset such as +02:00 or UTC, or Unix seconds";

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1];
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/**
 * Reads an event time as an instant. Times without an offset are wall-clock times in `timeZone`; a date
 * alone is midnight there. `nowMs` bounds the future: these are past events. `dateOrder` is the order
 * of the column's numeric dates with the year last; null while none is known (see date-order.ts).
 */
export function parseTime(raw: string, timeZone: string, nowMs: number, dateOrder: DateOrder | null = null): TimeResult {
  const value = raw.trim();
  if (value === "") return { ok: false, message: "The time is empty." };
  const parsed = readInstant(value, timeZone, dateOrder);
  if (!parsed.ok) return parsed;
  if (parsed.instantMs < EARLIEST_EVENT_MS) {
    return { ok: false, message: `\`${value}\` is before 1970; event times start on 1970-01-01.` };
  }
  if (parsed.instantMs > nowMs + FUTURE_TOLERANCE_MS) {
    return { ok: false, message: `\`${value}\` is in the future; only past events can be imported.` };
  }
  return parsed;
}

function readInstant(value: string, timeZone: string, dateOrder: DateOrder | null): TimeResult {
  const iso = readIsoParts(value);
  if (iso) return checkParts(value, iso, timeZone, value.slice(5, 7));
  if (UNIX_SECONDS.test(value)) return { ok: true, instantMs: Math.round(Number(value) * 1000) };
  if (UNIX_MILLISECONDS.test(value)) return { ok: true, instantMs: Number(value) };
  // The milliseconds are its first thirteen digits: a 16-digit number is past what a double holds exactly.
  if (UNIX_MICROSECONDS.test(value)) return { ok: true, instantMs: Number(value.slice(0, 13)) };
  if (EXCEL_SERIAL.test(value)) return excelSerialMessage(value);
  const loose = readLooseTime(value, dateOrder);
  if (loose === null) return { ok: false, message: `\`${value}\` is not a time we can read: ${FORMATS_HINT}.` };
  if ("message" in loose) return { ok: false, message: loose.message };
  return checkParts(value, loose.parts, timeZone, String(loose.parts.month));
}

function excelSerialMessage(value: string): TimeResult {
  const wallMs = EXCEL_EPOCH_MS + Math.round(Number(value) * DAY_MS / 60_000) * 60_000;
  const reading = new Date(wallMs).toISOString().slice(0, 16).replace("T", " ");
  return {
    ok: false,
    message: `\`${value}\` looks like an Excel date serial (${reading}): format the column as a date before saving.`,
  };
}

function checkParts(value: string, parts: TimeParts, timeZone: string, writtenMonth: string): TimeResult {
  const { year, month, day, hour, minute, second, millis, offsetMinutes } = parts;
  if (month < 1 || month > 12) {
    return { ok: false, message: `\`${value}\` is not a date: there is no month ${writtenMonth} (months go from 01 to 12).` };
  }
  const maxDay = daysInMonth(year, month);
  if (day < 1 || day > maxDay) {
    return { ok: false, message: `\`${value}\` is not a date: ${MONTHS[month - 1]} ${year} has ${maxDay} days.` };
  }
  if (hour > 23) return { ok: false, message: `\`${value}\` is not a time of day: hours go from 00 to 23.` };
  if (minute > 59) return { ok: false, message: `\`${value}\` is not a time of day: minutes go from 00 to 59.` };
  if (second > 59) return { ok: false, message: `\`${value}\` is not a time of day: seconds go from 00 to 59.` };
  if (offsetMinutes !== null && Math.abs(offsetMinutes) > 18 * 60) {
    return { ok: false, message: `\`${value}\` has an offset that does not exist (offsets go from -18:00 to +18:00).` };
  }
  // Date.UTC reads years 0-99 as 1900-1999; both are before 1970 and refused either way.
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (offsetMinutes !== null) return { ok: true, instantMs: wallMs - offsetMinutes * 60_000 };
  return { ok: true, instantMs: wallTimeToInstant(timeZone, wallMs) };
}

/**
 * `YYYY-MM-DD`, then optionally `[T ]HH:mm`, `:ss`, `.fraction`, and `Z`, `±HH`, `±HHMM` or `±HH:MM`.
 * Read by character codes: a million times a file, a regular expression's captures cost more than the
 * whole check.
 */
function readIsoParts(value: string): TimeParts | null {
  const length = value.length;
  if (length < 10 || value[4] !== "-" || value[7] !== "-") return null;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  if (year < 0 || month < 0 || day < 0) return null;
  const parts: TimeParts = { year, month, day, hour: 0, minute: 0, second: 0, millis: 0, offsetMinutes: null };
  if (length === 10) return parts;
  const separator = value[10];
  if ((separator !== "T" && separator !== "t" && separator !== " ") || value[13] !== ":") return null;
  parts.hour = digits(value, 11, 2);
  parts.minute = digits(value, 14, 2);
  if (parts.hour < 0 || parts.minute < 0) return null;
  let at = 16;
  if (value[at] === ":") {
    parts.second = digits(value, at + 1, 2);
    if (parts.second < 0) return null;
    at += 3;
    if (value[at] === "." || value[at] === ",") {
      let end = at + 1;
      while (end < length && end - at <= 9 && isDigit(value.charCodeAt(end))) end++;
      if (end === at + 1) return null;
      parts.millis = Math.floor(Number(`0.${value.slice(at + 1, end)}`) * 1000);
      at = end;
    }
  }
  if (at === length) return parts;
  const sign = value[at];
  if ((sign === "Z" || sign === "z") && at + 1 === length) {
    parts.offsetMinutes = 0;
    return parts;
  }
  if (sign !== "+" && sign !== "-") return null;
  const hours = digits(value, at + 1, 2);
  const rest = length - at - 3;
  const minutesAt = rest === 3 && value[at + 3] === ":" ? at + 4 : rest === 2 ? at + 3 : -1;
  const minutes = rest === 0 ? 0 : minutesAt === -1 ? -1 : digits(value, minutesAt, 2);
  if (hours < 0 || minutes < 0) return null;
  const total = hours * 60 + minutes;
  // Minutes past 59 make an offset that does not exist, which the caller explains.
  parts.offsetMinutes = minutes > 59 ? Infinity : sign === "-" ? -total : total;
  return parts;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The number written by `count` digits at `start`, or -1 when any of them is not a digit. */
function digits(value: string, start: number, count: number): number {
  let number = 0;
  for (let i = start; i < start + count; i++) {
    const code = value.charCodeAt(i);
    if (!isDigit(code)) return -1;
    number = number * 10 + code - 48;
  }
  return number;
}
