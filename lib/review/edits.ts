import { emailDomain } from "@/lib/events/email-typos";
import type { RowIssue } from "@/lib/events/row";
import { issuesForColumn } from "./issues";
import type { CellFix } from "./queries";
import { gridRowOf } from "./queries";
import type { RowStore } from "./rows";

/** Which cells of a column a replace takes: those holding a value, or those invalid for one kind of reason. */
export type ReplaceMatch = { kind: "value"; value: string } | { kind: "reason"; reason: string } | { kind: "all" };
/** What a replace does to the rows it takes: a new value in the column, or leaving them out. */
export type ReplaceAction = { kind: "set"; value: string } | { kind: "leave-out" };
export type ReasonCount = { reason: string; count: number };
/** The change Undo takes back, as the page names it, and how many changes in all Undo can still take back. */
export type UndoableChange = { label: string; rows: number; steps: number };

type Change = Omit<UndoableChange, "steps"> & {
  column: number;
  indices: Int32Array;
  /** The cells' values before, or null when the change left rows out instead. */
  before: string[] | null;
  fieldCounts: Map<number, number>;
};

const MAX_UNDO = 20;

/**
 * A reason with the values it quotes blanked out: "`soon` is not a time…" and "`later` is not a
 * time…" are one kind of problem, which one replace can fix in every row.
 */
export function reasonKind(message: string): string {
  return message.replace(/`[^`]*`/g, "`…`");
}

const reasonOf = (issues: readonly RowIssue[]) => reasonKind(issues.map((issue) => issue.message).join(" "));

/** The kinds of problems found in a column, most frequent first. */
export function columnReasons(store: RowStore, column: number): ReasonCount[] {
  const counts = new Map<string, number>();
  for (let i = 0; i < store.size; i++) {
    if (!store.isInvalid(i)) continue;
    const own = issuesForColumn(store.mapping, column, store.issuesAt(i));
    if (own.length === 0) continue;
    const reason = reasonOf(own);
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([reason, count]) => ({ reason, count }));
}

/** The rows a match takes in a column; left-out rows are not taken. */
function matchingRows(store: RowStore, column: number, match: ReplaceMatch): Int32Array {
  const values = store.columns[column];
  const found = new Int32Array(store.size);
  let n = 0;
  const wanted = match.kind === "value" ? match.value.trim() : match.kind === "reason" ? match.reason : "";
  for (let i = 0; i < store.size; i++) {
    if (store.isLeftOut(i)) continue;
    if (match.kind === "all") {
      found[n++] = i;
      continue;
    }
    if (match.kind === "value") {
      if (values[i].trim() === wanted) found[n++] = i;
      continue;
    }
    if (!store.isInvalid(i)) continue;
    const own = issuesForColumn(store.mapping, column, store.issuesAt(i));
    if (own.length > 0 && reasonOf(own) === wanted) found[n++] = i;
  }
  return found.slice(0, n);
}

/** Where a row is among a change's rows (ascending), or -1. */
function positionOf(indices: Int32Array, index: number): number {
  let low = 0;
  let high = indices.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (indices[middle] === index) return middle;
    if (indices[middle] < index) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/**
 * The review's changes, newest last, each of which Undo takes back whole: a replace over a million
 * rows is one change. The store checks the file again after each, once.
 */
export class ReviewEdits {
  private changes: Change[] = [];

  constructor(private readonly store: RowStore) {}

  get last(): UndoableChange | null {
    const change = this.changes.at(-1);
    return change ? { label: change.label, rows: change.rows, steps: this.changes.length } : null;
  }

  /**
   * What the changes still on record did to a row's cells, each cell's value as it was before the
   * first of them: a fixed cell says what it held. A change's rows are in ascending order.
   */
  fixesAt(index: number): CellFix[] {
    const found = new Map<number, CellFix>();
    for (const change of this.changes) {
      if (change.before === null) continue;
      const k = positionOf(change.indices, index);
      if (k < 0 || found.has(change.column)) continue;
      found.set(change.column, { column: change.column, before: change.before[k], label: change.label });
    }
    return [...found.values()].filter((fix) => fix.before !== this.store.columns[fix.column][index]);
  }

  fix(index: number, column: number, value: string): void {
    const indices = Int32Array.of(index);
    this.record(`the change to row ${gridRowOf(this.store, index).row}`, column, indices, [this.store.columns[column][index]]);
    this.store.fix(index, column, value);
  }

  /** Applies a replace; returns how many rows it changed. */
  replace(column: number, match: ReplaceMatch, action: ReplaceAction): number {
    const indices = matchingRows(this.store, column, match);
    if (indices.length === 0) return 0;
    const name = this.store.headers[column];
    if (action.kind === "leave-out") {
      this.record(`leaving out ${indices.length.toLocaleString("en")} rows by ${name}`, column, indices, null);
      this.store.setLeftOut(indices, true);
      return indices.length;
    }
    const before = Array.from(indices, (i) => this.store.columns[column][i]);
    this.record(`the replace in ${name}`, column, indices, before);
    this.store.writeColumn(column, indices, () => action.value);
    return indices.length;
  }

  /** Puts `to` for the domain `from` in every address to send that has it; returns how many rows changed. */
  fixDomain(from: string, to: string): number {
    const column = this.store.mapping.email;
    const values = this.store.columns[column];
    const found: number[] = [];
    for (let i = 0; i < this.store.size; i++) {
      if (!this.store.isLeftOut(i) && emailDomain(values[i]) === from) found.push(i);
    }
    if (found.length === 0) return 0;
    const indices = Int32Array.from(found);
    const before = found.map((i) => values[i]);
    this.record(`${from} → ${to}`, column, indices, before);
    this.store.writeColumn(column, indices, (k) => `${before[k].slice(0, before[k].lastIndexOf("@") + 1).trim()}${to}`);
    return indices.length;
  }

  /** Takes the newest change back; false when there is none. */
  undo(): boolean {
    const change = this.changes.pop();
    if (!change) return false;
    if (change.before === null) {
      this.store.setLeftOut(change.indices, false);
      return true;
    }
    const before = change.before;
    this.store.writeColumn(change.column, change.indices, (k) => before[k], change.fieldCounts);
    return true;
  }

  /** A new file or mapping: what was changed before cannot be taken back piecemeal. */
  clear(): void {
    this.changes = [];
  }

  private record(label: string, column: number, indices: Int32Array, before: string[] | null): void {
    this.changes.push({ label, rows: indices.length, column, indices, before, fieldCounts: this.store.fieldCountsOf(indices) });
    if (this.changes.length > MAX_UNDO) this.changes.shift();
  }
}
