import { canonicalJson } from "@/lib/events/json-params";
import { checkEvent } from "@/lib/events/row";
import { mapRecord } from "@/lib/events/validator";
import { gridRowOf } from "./queries";
import type { RowStore } from "./rows";

/** What the ledger found for a row: the earlier event's parameters at its moment, and when it was delivered. */
export type ChangedHit = { index: number; earlier: Record<string, unknown>; when: string };

/** A value as the row holds it: text, or a JSON column's canonical JSON text. */
const asText = (value: unknown) => (typeof value === "string" ? value : canonicalJson(value));
const shown = (value: unknown) => asText(value).slice(0, 80);

/**
 * What the earlier event held that the row does not, as the server words it when it skips the row
 * (lib/server/imports/changed-repeats.ts): its first parameter by name with another value, or one
 * the row has and it had not.
 */
export function changedNote(now: Record<string, string>, earlier: Record<string, unknown>, when: string): string {
  const names = Object.keys(earlier).sort();
  const other = names.find((name) => now[name] !== asText(earlier[name]));
  if (other !== undefined) return `Already imported with ${other} "${shown(earlier[other])}" on ${when}.`;
  const added = Object.keys(now).sort().find((name) => !(name in earlier));
  return `Already imported with ${added === undefined ? "other values" : `no ${added}`} on ${when}.`;
}

/** The notes of the rows the ledger found, from the rows' current values. */
export function changedNotes(store: RowStore, hits: readonly ChangedHit[]): { index: number; note: string }[] {
  return hits.flatMap(({ index, earlier, when }) => {
    if (index < 0 || index >= store.size) return [];
    const event = checkEvent(mapRecord(gridRowOf(store, index).values, store.mapping), store.context).event;
    return event ? [{ index, note: changedNote(event.params, earlier, when) }] : [];
  });
}
