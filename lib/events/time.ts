import { EARLIEST_EVENT_MS, FUTURE_TOLERANCE_MS } from "./rules";
import { wallTimeToInstant } from "./time-zone";

export type TimeResult = { ok: true; instantMs: number } | { ok: false; message: string };

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;
const UNIX_SECONDS = /^\d{9,10}$/;
const UNIX_MILLISECONDS = /^\d{12,13}$/;
const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

const FORMATS_HINT =
  "use YYYY-MM-DD, YYYY-MM-DD HH:mm (seconds and an offset such as +02:00 or Z are optional), or Unix seconds";

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Reads an event time as an instant. Times without an offset are wall-clock times in `timeZone`; a date
 * alone is midnight there. `nowMs` bounds the future: these are past events.
 */
export function parseTime(raw: string, timeZone: string, nowMs: number): TimeResult {
  const value = raw.trim();
  if (value === "") return { ok: false, message: "The time is empty." };
  const parsed = readInstant(value, timeZone);
  if (!parsed.ok) return parsed;
  if (parsed.instantMs < EARLIEST_EVENT_MS) {
    return { ok: false, message: `\`${value}\` is before 1970; event times start on 1970-01-01.` };
  }
  if (parsed.instantMs > nowMs + FUTURE_TOLERANCE_MS) {
    return { ok: false, message: `\`${value}\` is in the future; only past events can be imported.` };
  }
  return parsed;
}

function readInstant(value: string, timeZone: string): TimeResult {
  if (UNIX_SECONDS.test(value)) return { ok: true, instantMs: Number(value) * 1000 };
  if (UNIX_MILLISECONDS.test(value)) return { ok: true, instantMs: Number(value) };
  const m = ISO.exec(value);
  if (!m) return { ok: false, message: `\`${value}\` is not a time we can read: ${FORMATS_HINT}.` };

  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) {
    return { ok: false, message: `\`${value}\` is not a date: there is no month ${m[2]} (months go from 01 to 12).` };
  }
  const maxDay = daysInMonth(year, month);
  if (day < 1 || day > maxDay) {
    return {
      ok: false,
      message: `\`${value}\` is not a date: ${MONTHS[month - 1]} ${year} has ${maxDay} days.`,
    };
  }
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23) return { ok: false, message: `\`${value}\` is not a time of day: hours go from 00 to 23.` };
  if (minute > 59) return { ok: false, message: `\`${value}\` is not a time of day: minutes go from 00 to 59.` };
  if (second > 59) return { ok: false, message: `\`${value}\` is not a time of day: seconds go from 00 to 59.` };
  const millis = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);

  const wallMs = wallClock(year, month, day, hour, minute, second, millis);
  if (m[8] !== undefined) return { ok: true, instantMs: wallMs };
  if (m[9] !== undefined) {
    const offsetHours = Number(m[10]);
    const offsetMinutes = m[11] === undefined ? 0 : Number(m[11]);
    if (offsetHours > 18 || offsetMinutes > 59) {
      return { ok: false, message: `\`${value}\` has an offset that does not exist (offsets go from -18:00 to +18:00).` };
    }
    const sign = m[9] === "-" ? -1 : 1;
    return { ok: true, instantMs: wallMs - sign * (offsetHours * 60 + offsetMinutes) * 60_000 };
  }
  return { ok: true, instantMs: wallTimeToInstant(timeZone, wallMs) };
}

function wallClock(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const date = new Date(0);
  // setUTCFullYear keeps years 0-99 as written, where Date.UTC would read them as 1900-1999.
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
}
