import { fullYear, type DateOrder } from "./date-order";
import type { TimeParts } from "./time-parts";

/**
 * The numeric times spreadsheets write most (`1/15/2015 1:05 PM`, `15.01.2015 13:05`, `1/15/24 10:32`, `2024/1/5`),
 * read by character codes: a million rows of them should cost about what ISO times do. Returns
 * `undefined` for anything else (zones, month names, a date that reads two ways or does not fit the
 * order), which the general reader then reads or explains.
 */
export function readNumericTime(value: string, order: DateOrder | null): TimeParts | undefined {
  const length = value.length;
  const a = number(value, 0, 4);
  const aDigits = next;
  const separator = value.charCodeAt(next);
  if (a < 0 || (separator !== SLASH && separator !== DASH && separator !== DOT)) return undefined;
  const b = number(value, next + 1, 2);
  if (b < 0 || value.charCodeAt(next) !== separator) return undefined;
  const cStart = next + 1;
  const c = number(value, cStart, 4);
  const cDigits = next - cStart;
  if (c < 0) return undefined;
  let at = next;
  const parts: TimeParts = { year: a, month: b, day: c, hour: 0, minute: 0, second: 0, millis: 0, offsetMinutes: null };
  if (aDigits === 4 && cDigits <= 2) {
    // Year first: one reading, whatever the column's order.
  } else if (aDigits <= 2 && (cDigits === 4 || cDigits === 2)) {
    const chosen = order ?? (separator === DOT ? "DMY" : a > 12 && b <= 12 ? "DMY" : b > 12 && a <= 12 ? "MDY" : a === b ? "DMY" : null);
    if (chosen === null || chosen === "YMD") return undefined;
    parts.year = fullYear(c, cDigits);
    parts.month = chosen === "MDY" ? a : b;
    parts.day = chosen === "MDY" ? b : a;
    // A date that does not fit the order is explained by the general reader.
    if (parts.month > 12) return undefined;
  } else {
    return undefined;
  }
  if (at === length) return parts;
  const gap = value.charCodeAt(at);
  if (gap !== SPACE && gap !== T) return undefined;
  const hour = number(value, at + 1, 2);
  if (hour < 0 || value.charCodeAt(next) !== COLON) return undefined;
  const minuteStart = next + 1;
  const minute = number(value, minuteStart, 2);
  if (next - minuteStart !== 2) return undefined;
  at = next;
  parts.hour = hour;
  parts.minute = minute;
  if (value.charCodeAt(at) === COLON) {
    const seconds = number(value, at + 1, 2);
    if (next !== at + 3) return undefined;
    parts.second = seconds;
    at = next;
  }
  if (at === length) return parts;
  // ` AM`, ` pm`, `PM`: a 12-hour clock, with 12 AM at midnight and 12 PM at noon.
  if (value.charCodeAt(at) === SPACE) at++;
  const meridiem = value.charCodeAt(at) | 32;
  if ((meridiem !== A && meridiem !== P) || (value.charCodeAt(at + 1) | 32) !== M || at + 2 !== length) return undefined;
  if (hour < 1 || hour > 12) return undefined;
  parts.hour = (hour % 12) + (meridiem === P ? 12 : 0);
  return parts;
}

const SLASH = 47, DASH = 45, DOT = 46, SPACE = 32, COLON = 58, T = 84, A = 97, P = 112, M = 109;
/** Where the last number read by `number` ended. */
let next = 0;

/** The number written by 1 to `max` digits at `start`, or -1; sets `next` past them. */
function number(value: string, start: number, max: number): number {
  let result = 0;
  let i = start;
  for (; i < start + max && i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) break;
    result = result * 10 + code - 48;
  }
  next = i;
  return i === start ? -1 : result;
}
