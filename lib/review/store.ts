import type { RejectedRow } from "@/lib/csv/rejected-rows";
import { DateOrderDetector, type DateOrderFinding } from "@/lib/events/date-order";
import type { EventRule } from "@/lib/events/destination-rules";
import type { ColumnMapping } from "@/lib/events/headers";
import { fitForSending, type CheckContext, type RowIssue } from "@/lib/events/row";
import { domainTypo, typoMessage } from "@/lib/events/email-typos";
import { LEFT_OUT_REASON, MAX_PARAM_VALUE_LENGTH, MAX_ROW_CHARS } from "@/lib/events/rules";
import { offsetAt } from "@/lib/events/time-zone";
import { RowValidator, mapRecord, type RowOutcome } from "@/lib/events/validator";
import type { StagedRowInput } from "@/lib/contract/staged-rows";
import { computeTimeline, type Timeline } from "./timeline";

export type RowState = "valid" | "invalid" | "duplicate";
export type RowFilter = "all" | "invalid" | "duplicates" | "valid" | "left-out" | "delivered";
export type ReviewCounts = { total: number; valid: number; invalid: number; duplicates: number; leftOut: number };
export type NameCount = { name: string; count: number };
/** A likely misspelt domain, what it probably meant, and how many rows to send hold it. */
export type TypoCount = { domain: string; suggestion: string; count: number };

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
};

export type GridPage = { total: number; offset: number; rows: GridRow[] };

const VALID = 0;
const INVALID = 1;
const DUPLICATE = 2;
const STATES: RowState[] = ["valid", "invalid", "duplicate"];
const SHOWN_NAMES = 12;
const SHARED_VALUES_PER_COLUMN = 10_000;

/** A stageRows call stays well under the server's 2 MB body limit, whatever the rows hold. */
export const MAX_BATCH_CHARS = 1_000_000;

/**
 * Every row of a file, kept once and compactly for review: the fields as strings in one array per
 * column, and what the checks found in typed arrays (state, instant) with the rarer facts (issues,
 * wrong field counts) in sparse maps. Fixes write into the columns and the whole file is checked
 * again, so that counts and duplicates stay exact; leaving a row out keeps it but skips it.
 */
export class ReviewStore {
  readonly columns: string[][];
  size = 0;
  /** Bumped by every change, so that cached filters and pages know they are stale. */
  version = 0;
  counts: ReviewCounts = { total: 0, valid: 0, invalid: 0, duplicates: 0, leftOut: 0 };
  private rowNumbers = new Int32Array(1024);
  private states = new Uint8Array(1024);
  private leftOut = new Uint8Array(1024);
  private occurred = new Float64Array(1024);
  private issues = new Map<number, readonly RowIssue[]>();
  /** Rows whose field count differs from the header's, until the user edits them. */
  private fieldCounts = new Map<number, number>();
  private matches: { key: string; indices: Int32Array } | null = null;
  /**
   * One string per distinct value, for the columns that repeat a few values (event names, plans,
   * cities): a million rows then hold a handful of strings there instead of a million. A column is
   * dropped from this once it proves to hold mostly distinct values (emails, times).
   */
  private shared: (Map<string, string> | null)[];
  private sendOrder: Int32Array | null = null;
  /** Rows the destination already holds (the server's ledger said so), for this version of the rows. */
  private delivered = new Set<number>();
  private batchStarts: number[] = [];

  constructor(
    readonly headers: readonly string[],
    public mapping: ColumnMapping,
    public context: CheckContext,
    /** The destination's own rules (Yespo's, Customer.io's), shown as the row's error before sending. */
    private readonly eventRule: EventRule | null = null,
  ) {
    this.columns = headers.map(() => []);
    this.shared = headers.map(() => new Map<string, string>());
  }

  private share(column: number, values: Map<string, string>, field: string): string {
    const known = values.get(field);
    if (known !== undefined) return known;
    if (values.size >= SHARED_VALUES_PER_COLUMN || (this.size > 1000 && values.size > this.size / 2)) {
      this.shared[column] = null;
      return field;
    }
    values.set(field, field);
    return field;
  }

  /** Keeps a row as read from the file, with the outcome of its checks. */
  add(outcome: RowOutcome, fields: readonly string[]): void {
    const i = this.size++;
    if (i >= this.rowNumbers.length) this.reserve(i + 1);
    const columns = this.columns;
    for (let c = 0; c < columns.length; c++) {
      const field = c < fields.length ? fields[c] : "";
      const shared = this.shared[c];
      columns[c].push(shared === null ? field : this.share(c, shared, field));
    }
    if (fields.length !== this.headers.length) this.fieldCounts.set(i, fields.length);
    this.rowNumbers[i] = outcome.row;
    const state = this.record(i, outcome, false);
    this.counts.total++;
    this.count(state, 1);
  }

  /** Checks every row that is not left out again: after a new mapping, time zone or fix. */
  recheck(): void {
    const validator = new RowValidator(this.headers.length, this.mapping, this.context);
    const fields: string[] = new Array(this.columns.length);
    let leftOut = 0;
    for (let i = 0; i < this.size; i++) {
      if (this.leftOut[i]) {
        leftOut++;
        continue;
      }
      for (let c = 0; c < this.columns.length; c++) fields[c] = this.columns[c][i];
      const input = mapRecord(fields, this.mapping);
      const fieldCount = this.fieldCounts.get(i);
      const shapeError = fieldCount === undefined ? null : this.shapeError(fieldCount);
      this.record(i, validator.checkInput(this.rowNumbers[i], input, shapeError));
    }
    const counts = { total: 0, valid: 0, invalid: 0, duplicates: 0, leftOut };
    for (let i = 0; i < this.size; i++) {
      if (this.leftOut[i]) continue;
      counts.total++;
      if (this.states[i] === INVALID) counts.invalid++;
      else {
        counts.valid++;
        if (this.states[i] === DUPLICATE) counts.duplicates++;
      }
    }
    this.counts = counts;
    this.changed();
  }

  setMapping(mapping: ColumnMapping, context: CheckContext): void {
    this.mapping = mapping;
    this.context = context;
    this.recheck();
  }

  /** The user's new value for one cell; the row's wrong field count, if any, counts as looked at. */
  fix(index: number, column: number, value: string): void {
    this.assertRow(index);
    if (column < 0 || column >= this.columns.length) throw new RangeError(`There is no column ${column}.`);
    this.columns[column][index] = value;
    this.fieldCounts.delete(index);
    this.recheck();
  }

  /**
   * Writes many cells of one column at once (a replace, or its undo), then checks the file again
   * once. `fieldCounts` restores the rows' wrong field counts an undo brings back.
   */
  writeColumn(column: number, indices: Int32Array, valueAt: (k: number) => string, fieldCounts?: Map<number, number>): void {
    if (column < 0 || column >= this.columns.length) throw new RangeError(`There is no column ${column}.`);
    const values = this.columns[column];
    const shared = this.shared[column];
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      this.assertRow(i);
      const value = valueAt(k);
      values[i] = shared === null ? value : this.share(column, shared, value);
      this.fieldCounts.delete(i);
    }
    for (const [i, count] of fieldCounts ?? []) this.fieldCounts.set(i, count);
    this.recheck();
  }

  /** The wrong field counts of these rows, for an undo to restore. */
  fieldCountsOf(indices: Int32Array): Map<number, number> {
    const found = new Map<number, number>();
    if (this.fieldCounts.size === 0) return found;
    for (const i of indices) {
      const count = this.fieldCounts.get(i);
      if (count !== undefined) found.set(i, count);
    }
    return found;
  }

  isInvalid(index: number): boolean {
    return this.states[index] === INVALID && !this.leftOut[index];
  }

  isLeftOut(index: number): boolean {
    return this.leftOut[index] === 1;
  }

  issuesAt(index: number): readonly RowIssue[] {
    return this.issues.get(index) ?? [];
  }

  setLeftOut(indices: Iterable<number>, leftOut: boolean): void {
    for (const index of indices) {
      this.assertRow(index);
      this.leftOut[index] = leftOut ? 1 : 0;
    }
    this.recheck();
  }

  /** Leaves out every invalid row; returns how many. */
  leaveOutInvalid(): number {
    let count = 0;
    for (let i = 0; i < this.size; i++) {
      if (!this.leftOut[i] && this.states[i] === INVALID) {
        this.leftOut[i] = 1;
        count++;
      }
    }
    this.recheck();
    return count;
  }

  /** One page of the rows a filter and a search (email or event name, any case) select. */
  page(filter: RowFilter, search: string, offset: number, limit: number): GridPage {
    const indices = this.select(filter, search.trim().toLowerCase());
    const start = Math.max(0, Math.min(offset, indices.length));
    const rows: GridRow[] = [];
    for (let k = start; k < Math.min(indices.length, start + limit); k++) rows.push(this.gridRow(indices[k]));
    return { total: indices.length, offset: start, rows };
  }

  gridRow(index: number): GridRow {
    this.assertRow(index);
    return {
      index,
      row: this.rowNumbers[index],
      values: this.fieldsAt(index),
      state: STATES[this.states[index]],
      leftOut: this.leftOut[index] === 1,
      issues: this.issues.get(index) ?? [],
      occurredMs: Number.isNaN(this.occurred[index]) ? null : this.occurred[index],
    };
  }

  /** The rows the report will list if sent now: the invalid ones with their reasons, and the left-out ones. */
  *rejectedRows(): Generator<RejectedRow> {
    for (let i = 0; i < this.size; i++) {
      if (!this.leftOut[i] && this.states[i] !== INVALID) continue;
      const { email, event_name, time, params } = this.inputAt(i);
      const reason = this.leftOut[i] ? LEFT_OUT_REASON : (this.issues.get(i) ?? []).map((issue) => issue.message).join(" ");
      yield { rowNumber: this.rowNumbers[i], email, eventName: event_name, time, params, reason };
    }
  }

  /** Valid, first-seen events at or after `sinceMs`: the ones that could start campaigns. */
  countSince(sinceMs: number): number {
    let count = 0;
    for (let i = 0; i < this.size; i++) {
      if (!this.leftOut[i] && this.states[i] === VALID && this.occurred[i] >= sinceMs) count++;
    }
    return count;
  }

  /** Event names of the valid, first-seen events, most frequent first, and how many other names there are. */
  eventNames(): { top: NameCount[]; others: number } {
    const counts = new Map<string, number>();
    const column = this.columns[this.mapping.event_name];
    const fixed = this.mapping.eventName ?? "";
    for (let i = 0; i < this.size; i++) {
      if (this.leftOut[i] || this.states[i] !== VALID) continue;
      const name = column ? column[i].trim() : fixed;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return { top: sorted.slice(0, SHOWN_NAMES).map(([name, count]) => ({ name, count })), others: Math.max(0, sorted.length - SHOWN_NAMES) };
  }

  /** The valid, first-seen events per day, month or year as the file's time zone counts them. */
  /** The likely misspelt domains among the rows to send, most rows first. */
  typos(): TypoCount[] {
    const found = new Map<string, TypoCount>();
    const emails = this.columns[this.mapping.email];
    for (let i = 0; i < this.size; i++) {
      if (this.leftOut[i] || this.states[i] === INVALID || !this.issues.has(i)) continue;
      const typo = domainTypo(emails[i]);
      if (!typo) continue;
      const known = found.get(typo.domain);
      if (known) known.count++;
      else found.set(typo.domain, { ...typo, count: 1 });
    }
    return [...found.values()].sort((a, b) => b.count - a.count || a.domain.localeCompare(b.domain));
  }

  timeline(): Timeline {
    const instants: number[] = [];
    const zone = this.context.timeZone;
    for (let i = 0; i < this.size; i++) {
      if (!this.leftOut[i] && this.states[i] === VALID) instants.push(this.occurred[i] + offsetAt(zone, this.occurred[i]));
    }
    return computeTimeline(instants);
  }

  /**
   * Cuts every row into stageRows calls; returns how many. Left-out rows go too, marked so: the
   * server keeps them as rejected ("Left out in review"), so that the report lists them to fix later.
   */
  planBatches(rowsPerCall: number): number {
    const order = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) order[i] = i;
    this.sendOrder = order;
    this.batchStarts = [];
    let chars = 0;
    for (let k = 0; k < order.length; k++) {
      const size = this.rowChars(order[k]);
      const start = this.batchStarts.at(-1);
      if (start === undefined || k - start >= rowsPerCall || chars + size > MAX_BATCH_CHARS) {
        this.batchStarts.push(k);
        chars = 0;
      }
      chars += size;
    }
    return this.batchStarts.length;
  }

  batch(seq: number): StagedRowInput[] {
    if (!this.sendOrder || seq < 0 || seq >= this.batchStarts.length) throw new RangeError(`There is no batch ${seq}.`);
    const end = this.batchStarts[seq + 1] ?? this.sendOrder.length;
    const rows: StagedRowInput[] = [];
    for (let k = this.batchStarts[seq]; k < end; k++) {
      const i = this.sendOrder[k];
      const input = this.inputAt(i);
      const leftOut = this.leftOut[i] === 1;
      if (this.states[i] !== INVALID && !leftOut) {
        rows.push({ row: this.rowNumbers[i], ...input });
        continue;
      }
      // A left-out row was never checked again after it was left out: it may hold anything.
      const fitted = fitForSending(input);
      rows.push({ row: this.rowNumbers[i], ...fitted.input, ...(fitted.cut ? { cut: fitted.cut } : {}), ...(leftOut ? { leftOut: true as const } : {}) });
    }
    return rows;
  }

  /** What the time column, as mapped now, says about the order of its dates. */
  findDateOrder(): DateOrderFinding {
    const detector = new DateOrderDetector();
    const column = this.columns[this.mapping.time];
    for (let i = 0; column && i < this.size; i++) detector.observe(this.rowNumbers[i], column[i]);
    return detector.result();
  }

  /** The first rows' fields, to show beside the mapping. */
  samples(count: number): string[][] {
    const rows: string[][] = [];
    for (let i = 0; i < Math.min(count, this.size); i++) rows.push(this.fieldsAt(i));
    return rows;
  }

  /** A row's fields in the file's column order. */
  private fieldsAt(i: number): string[] {
    return this.columns.map((column) => column[i]);
  }

  private inputAt(i: number) {
    return mapRecord(this.fieldsAt(i), this.mapping);
  }

  /** What the row weighs in a stageRows call: an invalid row goes cut to fit (fitForSending). */
  private rowChars(i: number): number {
    let chars = 64;
    for (let c = 0; c < this.columns.length; c++) chars += Math.min(this.columns[c][i].length, MAX_PARAM_VALUE_LENGTH) + this.headers[c].length + 8;
    return Math.min(chars, 64 + 2 * MAX_ROW_CHARS);
  }

  /** Keeps what the checks found; `known` when the row may have had issues recorded before. */
  private record(i: number, outcome: RowOutcome, known = true): number {
    let state = outcome.errors.length > 0 || !outcome.event ? INVALID : outcome.duplicateOf !== null ? DUPLICATE : VALID;
    let issues = state === INVALID ? outcome.errors : outcome.warnings;
    const refused = state !== INVALID && this.eventRule ? this.eventRule(outcome.event!) : null;
    if (refused) {
      state = INVALID;
      issues = [refused];
    }
    // A likely misspelt domain is a warning: the row is sent as it is unless the user fixes it.
    const typo = state !== INVALID ? domainTypo(outcome.event!.email) : null;
    if (typo) issues = [...issues, { field: "email", message: typoMessage(outcome.event!.email, typo) }];
    this.states[i] = state;
    this.occurred[i] = state !== INVALID ? outcome.event!.occurredMs : Number.NaN;
    if (issues.length > 0) this.issues.set(i, issues);
    else if (known) this.issues.delete(i);
    return state;
  }

  private count(state: number, delta: number): void {
    if (state === INVALID) this.counts.invalid += delta;
    else {
      this.counts.valid += delta;
      if (state === DUPLICATE) this.counts.duplicates += delta;
    }
  }

  private shapeError(fieldCount: number): RowIssue {
    return { field: "row", message: `The row has ${fieldCount} fields; the header has ${this.headers.length}.` };
  }

  private select(filter: RowFilter, search: string): Int32Array {
    const key = `${this.version}\u0000${filter}\u0000${search}`;
    if (this.matches?.key === key) return this.matches.indices;
    const emails = this.columns[this.mapping.email];
    const names = this.columns[this.mapping.event_name];
    const fixedName = (this.mapping.eventName ?? "").toLowerCase();
    const found = new Int32Array(this.size);
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      if (!this.passes(filter, i)) continue;
      if (search !== "" && !(emails?.[i] ?? "").toLowerCase().includes(search) &&
        !(names ? names[i].toLowerCase() : fixedName).includes(search)) continue;
      found[n++] = i;
    }
    const indices = found.slice(0, n);
    this.matches = { key, indices };
    return indices;
  }

  /** Marks rows the destination already holds; ignored when the rows changed since they were asked about. */
  markDelivered(version: number, indices: readonly number[]): void {
    if (version !== this.version) return;
    for (const index of indices) this.delivered.add(index);
    this.matches = null;
  }

  get deliveredCount(): number {
    return this.delivered.size;
  }

  private passes(filter: RowFilter, i: number): boolean {
    if (filter === "all") return true;
    if (filter === "left-out") return this.leftOut[i] === 1;
    if (this.leftOut[i]) return false;
    if (filter === "delivered") return this.delivered.has(i);
    if (filter === "invalid") return this.states[i] === INVALID;
    if (filter === "duplicates") return this.states[i] === DUPLICATE;
    return this.states[i] !== INVALID;
  }

  private changed(): void {
    this.version++;
    this.delivered.clear();
    this.matches = null;
    this.sendOrder = null;
  }

  private assertRow(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`There is no row at index ${index}.`);
  }

  private reserve(size: number): void {
    if (size <= this.rowNumbers.length) return;
    const capacity = Math.max(size, this.rowNumbers.length * 2);
    this.rowNumbers = grow(this.rowNumbers, new Int32Array(capacity));
    this.states = grow(this.states, new Uint8Array(capacity));
    this.leftOut = grow(this.leftOut, new Uint8Array(capacity));
    this.occurred = grow(this.occurred, new Float64Array(capacity));
  }
}

function grow<T extends Int32Array | Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
