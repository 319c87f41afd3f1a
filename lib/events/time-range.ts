import { z } from "zod";

/**
 * A time range as people enter it in `datetime-local` inputs, read as UTC and to the minute. Both
 * minutes are included: "to 23:59" covers 23:59:59.999 too, so a range is the half-open interval
 * [from, end) with `end` one minute after `to`.
 */
const UTC_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:00(\.000)?)?$/;
const MINUTE_MS = 60_000;
const INPUT_HINT = "a date and time such as 2024-01-31T23:59 (UTC, to the minute)";

/** A `datetime-local` value (`YYYY-MM-DDTHH:mm`), read as UTC; a day that does not exist is refused. */
export const utcMinuteSchema = z
  .string()
  .trim()
  .regex(UTC_MINUTE, `Enter ${INPUT_HINT}.`)
  .transform((value, context) => {
    const date = new Date(`${value.slice(0, 16)}:00.000Z`);
    if (Number.isNaN(date.getTime()) || toUtcInput(date) !== value.slice(0, 16)) {
      context.addIssue({ code: "custom", message: `${value.slice(0, 16)} is not a date and time that exists.` });
      return z.NEVER;
    }
    return date;
  });

export const FROM_BEFORE_TO = "The start of the range must come before its end.";

/** Both ends given, the start before the end: what a deletion needs. */
export const timeRangeSchema = z
  .object({ from: utcMinuteSchema, to: utcMinuteSchema })
  .refine((range) => range.from < range.to, { message: FROM_BEFORE_TO, path: ["to"] });

export type TimeRange = z.infer<typeof timeRangeSchema>;

/** The fields' labels on the forms that ask for a range, to name them in messages. */
export const RANGE_LABELS = { from: "From", to: "To" };

/** The first instant after the range's last minute. */
export function rangeEnd(to: Date): Date {
  return new Date(to.getTime() + MINUTE_MS);
}

/** `YYYY-MM-DDTHH:mm` in UTC: the value a `datetime-local` input takes. */
export function toUtcInput(date: Date): string {
  return date.toISOString().slice(0, 16);
}

/** `YYYY-MM-DD HH:mm` in UTC, for people. */
export function formatUtc(date: Date): string {
  return date.toISOString().slice(0, 16).replace("T", " ");
}

/** The range for people: "1990-01-01 00:00 to 1990-01-31 23:59 UTC". */
export function describeRange(range: TimeRange): string {
  return `${formatUtc(range.from)} to ${formatUtc(range.to)} UTC`;
}
