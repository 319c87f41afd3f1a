import { toUtcInput } from "@/lib/events/time-range";
import { encodeCursor, type Cursor, type EventFilters } from "@/lib/contract/event-search";

/** The /events URL for filters and, optionally, a page: the same parameters the filter form sends. */
export function eventsHref(filters: EventFilters, page: { before?: Cursor; after?: Cursor } = {}): string {
  const params = new URLSearchParams();
  if (filters.email) {
    params.set("email", filters.email);
    params.set("match", filters.match);
  }
  if (filters.event) params.set("event", filters.event);
  if (filters.from) params.set("from", toUtcInput(filters.from));
  if (filters.to) params.set("to", toUtcInput(filters.to));
  if (filters.import) params.set("import", filters.import);
  if (page.before) params.set("before", encodeCursor(page.before));
  if (page.after) params.set("after", encodeCursor(page.after));
  const query = params.toString();
  return query ? `/events?${query}` : "/events";
}
