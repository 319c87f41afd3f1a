import { DATE_ORDER_LABELS, YEAR_LAST_DATE, fullYear, type DateOrder } from "./date-order";
import { foldText, isWeekdayWord, monthOfWord, withoutDateWords } from "./month-names";
import { readNumericTime } from "./time-numeric";
import type { TimeParts } from "./time-parts";


/** Why a value that looks like a time is not one, or null when nothing here reads it. */
export type LooseResult = { parts: TimeParts } | { message: string } | null;

const YEAR_FIRST_DATE = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?=$|[ T,])/;
/**
 * Dates written out, read from the folded value (month-names.ts): `Jan 15, 2024`, `Mon, Jan 15, 2024`,
 * `March 3 2023`.
 */
const MONTH_DAY_YEAR = /^(?:(\p{L}[\p{L}-]*)\.?,? )?(\p{L}+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})(?=$|[ t,])/u;
/**
 * `15 Jan 2024`, `Mon, 15 Jan 2024` (RFC 2822), `15-Jan-24` (Excel's d-mmm-yy), `15. Januar 2024`,
 * `lundi 15 janvier 2024`, and `15 de enero de 2024` with the `de` Spanish and Portuguese write.
 */
const DAY_MONTH_YEAR = /^(?:(\p{L}[\p{L}-]*)\.?,? )?(\d{1,2})\.?([ -])(?:de )?(\p{L}+)\.?\3(?:de )?(\d{4}|\d{2})(?=$|[ t,])/u;
/**
 * What may follow a date: a time of day (`H:mm`, seconds, a fraction, `AM`/`PM` in any case), then a
 * zone (`Z`, `UTC`, `GMT`, `±HH`, `±HHMM`, `±HH:MM`), with or without a space before each.
 */
const TIME_OF_DAY =
  /^(?:[ T]|, ?)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?: ?([ap])\.?m\.?)?(?: ?(z|utc|gmt|[+-]\d{2}(?::?\d{2})?))?$/i;

const MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

function isWeekday(word: string | undefined): boolean {
  return word === undefined || isWeekdayWord(word);
}

/**
 * Reads the formats spreadsheets, shops and warehouses write, which the ISO fast path does not:
 * numeric dates in any of the three orders, month names, 12-hour clocks and zones after a space.
 * `order` is the column's order; null while none is known, when a date that reads two ways is an
 * error that asks for one.
 */
export function readLooseTime(value: string, order: DateOrder | null): LooseResult {
  const fast = readNumericTime(value, order);
  if (fast) return { parts: fast };
  const date = readDate(value, order);
  if (date === null || "message" in date) return date;
  const parts: TimeParts = { ...date.parts, hour: 0, minute: 0, second: 0, millis: 0, offsetMinutes: null };
  const rest = withoutDateWords(foldText(date.text.slice(date.length)));
  if (rest === "") return { parts };
  const time = TIME_OF_DAY.exec(rest);
  if (!time) return null;
  parts.hour = Number(time[1]);
  parts.minute = Number(time[2]);
  parts.second = time[3] === undefined ? 0 : Number(time[3]);
  parts.millis = time[4] === undefined ? 0 : Math.floor(Number(`0.${time[4]}`) * 1000);
  if (time[5] !== undefined) {
    if (parts.hour < 1 || parts.hour > 12) {
      return { message: `\`${value}\` is not a time of day: with AM or PM, hours go from 1 to 12.` };
    }
    // 12:05 AM is five past midnight, 12:05 PM five past noon.
    const pm = time[5].toLowerCase() === "p";
    parts.hour = (parts.hour % 12) + (pm ? 12 : 0);
  }
  if (time[6] !== undefined) parts.offsetMinutes = offsetOf(time[6]);
  return { parts };
}

/** A date read at the start of `text` (the value, or the value folded for its words), and its length there. */
type DateRead = { parts: { year: number; month: number; day: number }; text: string; length: number } | { message: string } | null;

function readDate(value: string, order: DateOrder | null): DateRead {
  let match = YEAR_FIRST_DATE.exec(value);
  if (match) return { parts: { year: Number(match[1]), month: Number(match[3]), day: Number(match[4]) }, text: value, length: match[0].length };
  match = YEAR_LAST_DATE.exec(value);
  if (match) return readYearLast(value, match, order);
  const text = foldText(value);
  match = MONTH_DAY_YEAR.exec(text);
  if (match && isWeekday(match[1]) && monthOfWord(match[2]) > 0) {
    return { parts: { year: Number(match[4]), month: monthOfWord(match[2]), day: Number(match[3]) }, text, length: match[0].length };
  }
  match = DAY_MONTH_YEAR.exec(text);
  if (match && isWeekday(match[1]) && monthOfWord(match[4]) > 0) {
    return { parts: { year: fullYear(Number(match[5]), match[5].length), month: monthOfWord(match[4]), day: Number(match[2]) }, text, length: match[0].length };
  }
  return null;
}

function readYearLast(value: string, match: RegExpExecArray, order: DateOrder | null): DateRead {
  const a = Number(match[1]);
  const b = Number(match[3]);
  const year = fullYear(Number(match[4]), match[4].length);
  const length = match[0].length;
  const date = value.slice(0, length);
  if (order === "YMD") {
    return { message: `\`${date}\` is written with the year last, but the dates of this file are written year first (${DATE_ORDER_LABELS.YMD}).` };
  }
  const chosen = order ?? provenByValue(a, b, match[2]);
  if (chosen === null) {
    if (a > 12 && b > 12) return { message: `\`${date}\` is not a date: neither ${a} nor ${b} is a month (months go from 1 to 12).` };
    return {
      message: `\`${date}\` can be read as ${spell(year, a, b)} (month first) or ${spell(year, b, a)} (day first): ` +
        `choose how the dates of this file are written.`,
    };
  }
  const month = chosen === "MDY" ? a : b;
  const day = chosen === "MDY" ? b : a;
  if (month > 12 && order !== null) {
    return { message: `\`${date}\` does not fit ${DATE_ORDER_LABELS[order]}, the order of the dates in this file: there is no month ${month}.` };
  }
  return { parts: { year, month, day }, text: value, length };
}

/** The order a single value proves on its own, or null when it reads both ways. */
function provenByValue(a: number, b: number, separator: string): "MDY" | "DMY" | null {
  if (separator === ".") return "DMY";
  if (a > 12 && b <= 12) return "DMY";
  if (b > 12 && a <= 12) return "MDY";
  if (a === b && a <= 12) return "DMY";
  return null;
}

function spell(year: number, month: number, day: number): string {
  const name = MONTH_NAMES[month - 1];
  if (!name) return `${day}/${month}/${year}`;
  return `${day} ${name[0].toUpperCase()}${name.slice(1)} ${year}`;
}

function offsetOf(zone: string): number {
  const upper = zone.toUpperCase();
  if (upper === "Z" || upper === "UTC" || upper === "GMT") return 0;
  const sign = zone[0] === "-" ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  // Minutes past 59 make an offset that does not exist, which the caller explains.
  return minutes > 59 ? Infinity : sign * (hours * 60 + minutes);
}
