import { DateOrderDetector, type DateOrderFinding } from "@/lib/events/date-order";
import type { RowIssue } from "@/lib/events/row";
import { DUPLICATE, INVALID, STATES, type RowState } from "./row-state";
import type { RowStore } from "./rows";

export type RowFilter = "all" | "invalid" | "duplicates" | "valid" | "left-out" | "delivered" | "changed";

/** One row as the grid shows it: the file's fields, what the checks found, whether it is left out. */
export type GridRow = {
  index: number;
  row: number;
  values: string[];
  state: RowState;
  leftOut: boolean;
  issues: readonly RowIssue[];
  /** The instant the row's time reads as, when it reads. */
  occurredMs: number | null;
  /** Set when the destination holds this row's moment with other values: "Already imported with city "NYC" on …". */
  changed?: string;
  /** The cells the review changed, with what they held before (filled in by the review's edits). */
  fixes: readonly CellFix[];
};

/** A cell the review changed: what it held in the file, and the change that wrote it. */
export type CellFix = { column: number; before: string; label: string };

export type GridPage = { total: number; offset: number; rows: GridRow[] };

export function gridRowOf(store: RowStore, index: number): GridRow {
  const occurred = store.occurredAt(index);
  return {
    index,
    row: store.rowNumberAt(index),
    values: store.fieldsAt(index),
    state: STATES[store.stateAt(index)],
    leftOut: store.isLeftOut(index),
    issues: store.issuesAt(index),
    occurredMs: Number.isNaN(occurred) ? null : occurred,
    ...(store.changedNote(index) ? { changed: store.changedNote(index) } : {}),
    fixes: [],
  };
}

/** One page of the rows a filter and a search (email or event name, any case) select. */
export function pageOf(store: RowStore, filter: RowFilter, search: string, offset: number, limit: number): GridPage {
  const indices = select(store, filter, search.trim().toLowerCase());
  const start = Math.max(0, Math.min(offset, indices.length));
  const rows: GridRow[] = [];
  for (let k = start; k < Math.min(indices.length, start + limit); k++) rows.push(gridRowOf(store, indices[k]));
  return { total: indices.length, offset: start, rows };
}

export function passes(store: RowStore, filter: RowFilter, i: number): boolean {
  if (filter === "all") return true;
  if (filter === "left-out") return store.isLeftOut(i);
  if (store.isLeftOut(i)) return false;
  if (filter === "delivered") return store.isDelivered(i);
  if (filter === "changed") return store.changedNote(i) !== undefined;
  if (filter === "invalid") return store.stateAt(i) === INVALID;
  if (filter === "duplicates") return store.stateAt(i) === DUPLICATE;
  return store.stateAt(i) !== INVALID;
}

/**
 * The last selection of each store, for paging through it: a change to the rows bumps the
 * version, and rows found delivered only add to the count of the same version.
 */
const lastSelection = new WeakMap<RowStore, { key: string; indices: Int32Array }>();

function select(store: RowStore, filter: RowFilter, search: string): Int32Array {
  const key = `${store.version}\u0000${store.deliveredCount}\u0000${store.changedCount}\u0000${filter}\u0000${search}`;
  const last = lastSelection.get(store);
  if (last?.key === key) return last.indices;
  const emails = store.columns[store.mapping.email];
  const names = store.columns[store.mapping.event_name];
  const fixedName = (store.mapping.eventName ?? "").toLowerCase();
  const found = new Int32Array(store.size);
  let n = 0;
  for (let i = 0; i < store.size; i++) {
    if (!passes(store, filter, i)) continue;
    if (search !== "" && !(emails?.[i] ?? "").toLowerCase().includes(search) &&
      !(names ? names[i].toLowerCase() : fixedName).includes(search)) continue;
    found[n++] = i;
  }
  const indices = found.slice(0, n);
  lastSelection.set(store, { key, indices });
  return indices;
}

/** What the time column, as mapped now, says about the order of its dates. */
export function findDateOrder(store: RowStore): DateOrderFinding {
  const detector = new DateOrderDetector();
  const column = store.columns[store.mapping.time];
  for (let i = 0; column && i < store.size; i++) detector.observe(store.rowNumberAt(i), column[i]);
  return detector.result();
}
