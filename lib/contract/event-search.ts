import { describeInvalid } from "./action-result";
import { z } from "./zod";
import { MAX_EMAIL_LENGTH, MAX_EVENT_NAME_LENGTH } from "@/lib/events/rules";
import { FROM_BEFORE_TO, utcMinuteSchema } from "@/lib/events/time-range";

/** Where a page of events starts: the newest first, so a cursor is the (time, dedup key) of an edge row. */
export type Cursor = { occurredAt: Date; dedupKey: string };

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9A-Za-z-]{1,128})$/;

export function encodeCursor(cursor: Cursor): string {
  return `${cursor.occurredAt.toISOString()}_${cursor.dedupKey}`;
}

const cursorSchema = z
  .string()
  .regex(CURSOR, "is not a page of this list")
  .transform((value): Cursor => {
    const [, time, dedupKey] = CURSOR.exec(value)!;
    return { occurredAt: new Date(time), dedupKey };
  })
  .refine((cursor) => !Number.isNaN(cursor.occurredAt.getTime()), "is not a page of this list");

/** A search parameter given once, twice (`?a=1&a=2`: the first counts) or empty (as if not given). */
function param<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => {
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === "string" && first.trim() === "" ? undefined : first;
  }, schema.optional());
}

export const eventSearchSchema = z
  .object({
    email: param(z.string().trim().max(MAX_EMAIL_LENGTH)),
    match: param(z.enum(["exact", "prefix"])).default("exact"),
    event: param(z.string().trim().max(MAX_EVENT_NAME_LENGTH)),
    from: param(utcMinuteSchema),
    to: param(utcMinuteSchema),
    /** The events one import stored, linked from its page. */
    import: param(z.uuid()),
    before: param(cursorSchema),
    after: param(cursorSchema),
  })
  .refine((search) => !(search.from && search.to && search.from >= search.to), { message: FROM_BEFORE_TO, path: ["to"] });

export type EventSearch = z.infer<typeof eventSearchSchema>;

/** What narrows the list and the counts; the page's cursor is apart from it. */
export type EventFilters = Pick<EventSearch, "email" | "match" | "event" | "from" | "to" | "import">;

export type SearchParams = Record<string, string | string[] | undefined>;

/** The URL's search parameters, checked; a message naming the first bad one otherwise. */
export function readEventSearch(params: SearchParams): { ok: true; search: EventSearch } | { ok: false; error: string } {
  const parsed = eventSearchSchema.safeParse(params);
  if (parsed.success) return { ok: true, search: parsed.data };
  return { ok: false, error: describeInvalid(parsed.error, {}) };
}
