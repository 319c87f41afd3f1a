import type { ParamValue } from "@/lib/events/json-params";
import type { Cursor } from "./event-search";

/** One event of the built-in store, as the events page lists it. */
export type StoredEvent = {
  dedupKey: string;
  email: string;
  eventName: string;
  occurredAt: Date;
  /** Text, or the JSON value of a JSON column (an order's items). */
  params: Record<string, ParamValue>;
  importId: string | null;
};

export type EventPage = { events: StoredEvent[]; newer: Cursor | null; older: Cursor | null };

export type NameCounts = { names: { eventName: string; count: number }[]; total: number; distinctNames: number };
