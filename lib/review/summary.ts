import { addressOf } from "@/lib/events/address";
import { domainTypo } from "@/lib/events/email-typos";
import { offsetAt } from "@/lib/events/time-zone";
import { INVALID, VALID } from "./row-state";
import type { RowStore } from "./rows";
import { computeTimeline, type Timeline } from "./timeline";

export type NameCount = { name: string; count: number };
/** A likely misspelt domain, what it probably meant, and how many rows to send hold it. */
export type TypoCount = { domain: string; suggestion: string; count: number };

const SHOWN_NAMES = 12;

/** Whether the row is a valid, first-seen event to send. */
const firstSeen = (store: RowStore, i: number) => !store.isLeftOut(i) && store.stateAt(i) === VALID;

/** Valid, first-seen events at or after `sinceMs`: the ones that could start campaigns. */
export function countSince(store: RowStore, sinceMs: number): number {
  let count = 0;
  for (let i = 0; i < store.size; i++) if (firstSeen(store, i) && store.occurredAt(i) >= sinceMs) count++;
  return count;
}

/** Event names of the valid, first-seen events, most frequent first, and how many other names there are. */
export function eventNames(store: RowStore): { top: NameCount[]; others: number } {
  const counts = new Map<string, number>();
  const column = store.columns[store.mapping.event_name];
  const fixed = store.mapping.eventName ?? "";
  for (let i = 0; i < store.size; i++) {
    if (!firstSeen(store, i)) continue;
    const name = column ? column[i].trim() : fixed;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { top: sorted.slice(0, SHOWN_NAMES).map(([name, count]) => ({ name, count })), others: Math.max(0, sorted.length - SHOWN_NAMES) };
}

/** The likely misspelt domains among the rows to send, most rows first. */
export function typos(store: RowStore): TypoCount[] {
  const found = new Map<string, TypoCount>();
  const emails = store.columns[store.mapping.email];
  for (let i = 0; i < store.size; i++) {
    if (store.isLeftOut(i) || store.stateAt(i) === INVALID || store.issuesAt(i).length === 0) continue;
    const typo = domainTypo(addressOf(emails[i]));
    if (!typo) continue;
    const known = found.get(typo.domain);
    if (known) known.count++;
    else found.set(typo.domain, { ...typo, count: 1 });
  }
  return [...found.values()].sort((a, b) => b.count - a.count || a.domain.localeCompare(b.domain));
}

/** The valid, first-seen events per day, month or year as the file's time zone counts them. */
export function timelineOf(store: RowStore): Timeline {
  const instants: number[] = [];
  const zone = store.context.timeZone;
  for (let i = 0; i < store.size; i++) {
    if (!firstSeen(store, i)) continue;
    const ms = store.occurredAt(i);
    instants.push(ms + offsetAt(zone, ms));
  }
  return computeTimeline(instants);
}

/** The first rows' fields, to show beside the mapping. */
export function samples(store: RowStore, count: number): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < Math.min(count, store.size); i++) rows.push(store.fieldsAt(i));
  return rows;
}
