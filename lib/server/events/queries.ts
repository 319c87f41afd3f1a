import "server-only";
import { rangeEnd, type TimeRange } from "@/lib/events/time-range";
import type { Sql } from "@/lib/server/db/sql";
import type { Cursor, EventFilters } from "@/lib/contract/event-search";
import type { EventPage, NameCounts, StoredEvent } from "@/lib/contract/stored-events";
import type { ParamValue } from "@/lib/events/json-params";

export const EVENTS_PER_PAGE = 50;
/** The most event names the counts list; the total still counts them all. */
export const MAX_NAMES_COUNTED = 100;

type Where = { clause: string; params: unknown[] };

/** `%`, `_` and `\` stand for themselves in a prefix. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * The filters as one WHERE clause. Emails match in any case (the address's case is kept as written, and
 * the events_email index is on lower(email)); times are [from, end of the `to` minute).
 */
function whereOf(filters: EventFilters, options: { byName: boolean }): Where {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(condition(`$${params.length}`));
  };
  if (filters.email && filters.match === "prefix") add((p) => `lower(email) LIKE (lower(${p}) || '%')`, escapeLike(filters.email));
  else if (filters.email) add((p) => `lower(email) = lower(${p})`, filters.email);
  if (options.byName && filters.event) add((p) => `event_name = ${p}`, filters.event);
  if (filters.from) add((p) => `occurred_at >= ${p}`, filters.from);
  if (filters.to) add((p) => `occurred_at < ${p}`, rangeEnd(filters.to));
  if (filters.import) add((p) => `import_id = ${p}::uuid`, filters.import);
  return { clause: conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "", params };
}

type EventRow = { dedup_key: string; email: string; event_name: string; occurred_at: Date | string; params: Record<string, ParamValue>; import_id: string | null };

function toEvent(row: EventRow): StoredEvent {
  return {
    dedupKey: row.dedup_key,
    email: row.email,
    eventName: row.event_name,
    occurredAt: new Date(row.occurred_at),
    params: row.params,
    importId: row.import_id,
  };
}

const edge = (event: StoredEvent): Cursor => ({ occurredAt: event.occurredAt, dedupKey: event.dedupKey });

/**
 * One page of the stored events that pass the filters, newest first (ties broken by dedup key), by
 * keyset: `before` gives the page after that row, `after` the page before it. Neither: the newest.
 */
export async function listEvents(
  sql: Sql,
  filters: EventFilters,
  page: { before?: Cursor; after?: Cursor } = {},
): Promise<EventPage> {
  const where = whereOf(filters, { byName: true });
  const cursor = page.before ?? page.after;
  const backwards = !page.before && Boolean(page.after);
  const params = [...where.params];
  let clause = where.clause;
  if (cursor) {
    params.push(cursor.occurredAt, cursor.dedupKey);
    const keyset = `(occurred_at, dedup_key) ${backwards ? ">" : "<"} ($${params.length - 1}, $${params.length})`;
    clause = clause ? `${clause} AND ${keyset}` : `WHERE ${keyset}`;
  }
  const order = backwards ? "ASC" : "DESC";
  const rows = await sql.query<EventRow>(
    `SELECT dedup_key, email, event_name, occurred_at, params, import_id FROM events ${clause}
     ORDER BY occurred_at ${order}, dedup_key ${order} LIMIT ${EVENTS_PER_PAGE + 1}`,
    params,
  );
  const more = rows.length > EVENTS_PER_PAGE;
  const events = rows.slice(0, EVENTS_PER_PAGE).map(toEvent);
  if (backwards) events.reverse();
  if (events.length === 0) return { events, newer: null, older: null };
  const hasNewer = backwards ? more : Boolean(cursor);
  const hasOlder = backwards ? true : more;
  return { events, newer: hasNewer ? edge(events[0]) : null, older: hasOlder ? edge(events[events.length - 1]) : null };
}

/**
 * How many stored events each name has under the email and time filters, most first. The name filter
 * is left out on purpose: the counts are what it can choose from.
 */
export async function countEventsByName(sql: Sql, filters: EventFilters): Promise<NameCounts> {
  const where = whereOf(filters, { byName: false });
  const rows = await sql.query<{ event_name: string; n: number; names: number; total: number }>(
    `SELECT event_name, n, count(*) OVER ()::int AS names, (sum(n) OVER ())::int AS total
     FROM (SELECT event_name, count(*)::int AS n FROM events ${where.clause} GROUP BY event_name) AS per_name
     ORDER BY n DESC, event_name LIMIT ${MAX_NAMES_COUNTED}`,
    where.params,
  );
  return {
    names: rows.map((row) => ({ eventName: row.event_name, count: row.n })),
    total: rows[0]?.total ?? 0,
    distinctNames: rows[0]?.names ?? 0,
  };
}

/** How many stored events a deletion of the range would remove. */
export async function countEventsInRange(sql: Sql, range: TimeRange): Promise<number> {
  const [row] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM events WHERE occurred_at >= $1 AND occurred_at < $2`,
    [range.from, rangeEnd(range.to)],
  );
  return row.n;
}

export type DeleteOutcome = { ok: true; deleted: number } | { ok: false; found: number };

/**
 * Deletes the stored events of the range, as confirmed: when the range no longer holds `expected`
 * events (an import added some since the count was shown), nothing is deleted and the new count is
 * returned, to be confirmed again.
 */
export async function deleteEventsInRange(sql: Sql, range: TimeRange, expected: number): Promise<DeleteOutcome> {
  return sql.transaction(async (tx) => {
    const found = await countEventsInRange(tx, range);
    if (found !== expected) return { ok: false, found };
    const [row] = await tx.query<{ n: number }>(
      // The store is its own ledger (decision 019): a later import may store them again.
      `WITH deleted AS (DELETE FROM events WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING 1)
       SELECT count(*)::int AS n FROM deleted`,
      [range.from, rangeEnd(range.to)],
    );
    return { ok: true, deleted: row.n };
  });
}
