import { ruleWithJson, type EventRule } from "@/lib/events/destination-rules";
import type { GroupByChoice } from "@/lib/events/order-columns";
import type { ColumnMapping } from "@/lib/events/headers";
import type { CheckContext, RowIssue } from "@/lib/events/row";
import { RowValidator, mapRecord, type RowOutcome } from "@/lib/events/validator";
import { countRows, type ReviewCounts } from "./counts";
import { INVALID, shapeIssue, verdictOf } from "./row-state";

const SHARED_VALUES_PER_COLUMN = 10_000;

/**
 * Every row of a file, kept once and compactly for review: the fields as strings in one array per
 * column, and what the checks found in typed arrays (state, instant) with the rarer facts (issues,
 * wrong field counts) in sparse maps. Fixes write into the columns and the whole file is checked
 * again, so that counts and duplicates stay exact; leaving a row out keeps it but skips it.
 *
 * This keeps and changes the rows, and imports nothing that reads them: what is read from them lives
 * beside it and imports it, the grid's pages (queries.ts), the pictures (summary.ts), the calls to
 * send (send-plan.ts), the rejected rows (rejected.ts), the orders (order-check.ts). ReviewStore
 * (store.ts) puts them together under the names the worker uses.
 */
export abstract class RowStore {
  readonly columns: string[][];
  size = 0;
  /** Bumped by every change, so that cached filters, pages and plans know they are stale. */
  version = 0;
  private rowNumbers = new Int32Array(1024);
  private states = new Uint8Array(1024);
  private leftOut = new Uint8Array(1024);
  private occurred = new Float64Array(1024);
  private issues = new Map<number, readonly RowIssue[]>();
  /** Rows whose field count differs from the header's, until the user edits them. */
  private fieldCounts = new Map<number, number>();
  /**
   * One string per distinct value, for the columns that repeat a few values (event names, plans,
   * cities): a million rows then hold a handful of strings there instead of a million. A column is
   * dropped from this once it proves to hold mostly distinct values (emails, times).
   */
  private shared: (Map<string, string> | null)[];
  private counted: { version: number; size: number; counts: ReviewCounts } | null = null;
  /** Rows the destination already holds (the server's ledger said so), for this version of the rows. */
  private delivered = new Set<number>();
  /** The destination's rule as it reads the JSON columns of the context it was made for. */
  private rule: { context: CheckContext; rule: EventRule | null } | null = null;
  /** The order and line-item columns when each order's rows are one event (order-check.ts). */
  groupBy: GroupByChoice | null = null;
  /** The new events the orders make, while grouped; the rows' own counts count every row of them. */
  orderEvents: number | null = null;
  /** Rows whose moment the destination holds with other values, each with what it held (decision 016). */
  private changedNotes = new Map<number, string>();

  constructor(
    readonly headers: readonly string[],
    public mapping: ColumnMapping,
    public context: CheckContext,
    /** The destination's own rules (Yespo's, Customer.io's), shown as the row's error before sending. */
    private eventRule: EventRule | null = null,
  ) {
    this.columns = headers.map(() => []);
    this.shared = headers.map(() => new Map<string, string>());
  }

  /** The rows to send, valid, invalid and duplicate, and the left-out ones. */
  get counts(): ReviewCounts {
    const counted = this.counted;
    if (counted && counted.version === this.version && counted.size === this.size) return { ...counted.counts };
    const counts = countRows(this.states, this.leftOut, this.size);
    this.counted = { version: this.version, size: this.size, counts };
    return { ...counts };
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
    this.record(i, outcome, false);
  }

  /** Checks every row that is not left out again: after a new mapping, time zone or fix. */
  recheck(): void {
    const validator = new RowValidator(this.headers.length, this.mapping, this.context);
    this.orderEvents = null;
    if (this.groupBy) {
      const { outcomes, events } = this.checkOrders(validator, this.groupBy);
      for (const [i, outcome] of outcomes) this.record(i, outcome);
      this.orderEvents = events;
      return this.changed();
    }
    const fields: string[] = new Array(this.columns.length);
    for (let i = 0; i < this.size; i++) {
      if (this.leftOut[i]) continue;
      for (let c = 0; c < this.columns.length; c++) fields[c] = this.columns[c][i];
      const input = mapRecord(fields, this.mapping);
      const fieldCount = this.fieldCounts.get(i);
      const shapeError = fieldCount === undefined ? null : shapeIssue(fieldCount, this.headers.length);
      this.record(i, validator.checkInput(this.rowNumbers[i], input, shapeError));
    }
    this.changed();
  }

  setMapping(mapping: ColumnMapping, context: CheckContext): void {
    this.mapping = mapping;
    this.context = context;
    this.recheck();
  }

  /** Another destination's rule and its mapping, once the user chooses it: every row is checked again. */
  setDestination(mapping: ColumnMapping, eventRule: EventRule | null): void {
    this.mapping = mapping;
    this.eventRule = eventRule;
    // The rule measured with the JSON columns is kept per context: it must be made again for this one.
    this.rule = null;
    this.recheck();
  }

  /** The user's new value for one cell; the row's wrong field count, if any, counts as looked at. */
  fix(index: number, column: number, value: string): void {
    this.assertRow(index);
    this.assertColumn(column);
    this.columns[column][index] = value;
    this.fieldCounts.delete(index);
    this.recheck();
  }

  /**
   * Writes many cells of one column at once (a replace, or its undo), then checks the file again
   * once. `fieldCounts` restores the rows' wrong field counts an undo brings back.
   */
  writeColumn(column: number, indices: Int32Array, valueAt: (k: number) => string, fieldCounts?: Map<number, number>): void {
    this.assertColumn(column);
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

  /** Marks rows the destination already holds; ignored when the rows changed since they were asked about. */
  markDelivered(version: number, indices: readonly number[]): void {
    if (version !== this.version) return;
    for (const index of indices) this.delivered.add(index);
  }

  get deliveredCount(): number {
    return this.delivered.size;
  }

  /** Marks rows that match an event already delivered with other values; ignored when the rows changed since. */
  markChanged(version: number, notes: readonly { index: number; note: string }[]): void {
    if (version !== this.version) return;
    for (const { index, note } of notes) if (!this.delivered.has(index)) this.changedNotes.set(index, note);
  }

  get changedCount(): number {
    return this.changedNotes.size;
  }

  changedNote(index: number): string | undefined {
    return this.changedNotes.get(index);
  }

  /** The first rows marked so, in file order, for the review's note. */
  changedExamples(limit: number): { row: number; note: string }[] {
    return [...this.changedNotes].sort((a, b) => a[0] - b[0]).slice(0, limit).map(([index, note]) => ({ row: this.rowNumberAt(index), note }));
  }

  // What each row holds, for the queries beside the store.

  /** The row's state: VALID, INVALID or DUPLICATE (row-state.ts), as last checked. */
  stateAt(index: number): number {
    return this.states[index];
  }

  isInvalid(index: number): boolean {
    return this.states[index] === INVALID && !this.leftOut[index];
  }

  isLeftOut(index: number): boolean {
    return this.leftOut[index] === 1;
  }

  isDelivered(index: number): boolean {
    return this.delivered.has(index);
  }

  issuesAt(index: number): readonly RowIssue[] {
    return this.issues.get(index) ?? [];
  }

  /** The row's number in the file (the header is row 1). */
  rowNumberAt(index: number): number {
    return this.rowNumbers[index];
  }

  /** The instant the row's time reads as; NaN when the row is invalid. */
  occurredAt(index: number): number {
    return this.occurred[index];
  }

  /** A row's fields in the file's column order. */
  fieldsAt(index: number): string[] {
    return this.columns.map((column) => column[index]);
  }

  /** A row's fields as the event's email, name, time and parameters, under the current mapping. */
  inputAt(index: number) {
    return mapRecord(this.fieldsAt(index), this.mapping);
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

  /** Keeps what the checks found; `known` when the row may have had issues recorded before. */
  private record(i: number, outcome: RowOutcome, known = true): void {
    if (this.rule?.context !== this.context) this.rule = { context: this.context, rule: ruleWithJson(this.eventRule, this.context.jsonParams ?? []) };
    const { state, issues, occurredMs } = verdictOf(outcome, this.rule.rule);
    this.states[i] = state;
    this.occurred[i] = occurredMs;
    if (issues.length > 0) this.issues.set(i, issues);
    else if (known) this.issues.delete(i);
  }

  /** Each order's rows as one event (order-check.ts), checked with the validator of this recheck. */
  protected abstract checkOrders(validator: RowValidator, groupBy: GroupByChoice): { outcomes: [number, RowOutcome][]; events: number };

  /** After every change: the version moves on, and what was learnt of the old rows goes. */
  protected changed(): void {
    this.version++;
    this.delivered.clear();
    this.changedNotes.clear();
  }

  protected assertRow(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`There is no row at index ${index}.`);
  }

  private assertColumn(column: number): void {
    if (column < 0 || column >= this.columns.length) throw new RangeError(`There is no column ${column}.`);
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
