import { canonicalJson } from "./json-params";
import { ITEMS_PARAM, itemNames, type GroupByChoice } from "./order-columns";
import { newParams, type EventInput } from "./row";

/** One row of the file, as mapped, with its spreadsheet row number. */
export type SourceRow = { row: number; input: EventInput };

/**
 * An order's rows made one event: the rows it came from (the first is the event's), and the event's
 * values, or why the rows cannot be one event.
 */
export type OrderEvent = { rows: number[]; key: string } & ({ ok: true; input: EventInput } | { ok: false; reason: string });

function rowsText(rows: readonly number[]): string {
  if (rows.length === 1) return `row ${rows[0]}`;
  const contiguous = rows.every((row, k) => k === 0 || row === rows[k - 1] + 1);
  return contiguous ? `rows ${rows[0]}–${rows.at(-1)}` : `rows ${rows.join(", ")}`;
}

/** The first row that disagrees with an earlier one on a field, and that earlier one. */
function disagreement(rows: readonly SourceRow[], pick: (input: EventInput) => string, same: (text: string) => string) {
  let first: SourceRow | null = null;
  for (const source of rows) {
    const value = pick(source.input).trim();
    if (value === "") continue;
    if (first === null) first = source;
    else if (same(value) !== same(pick(first.input).trim())) return { first, other: source };
  }
  return null;
}

const FIELDS = [
  { label: "email", pick: (input: EventInput) => input.email, same: (text: string) => text.toLowerCase() },
  { label: "time", pick: (input: EventInput) => input.time, same: (text: string) => text },
  { label: "event name", pick: (input: EventInput) => input.event_name, same: (text: string) => text },
];

/**
 * The rows of one order (in file order) as one event: email, time and event name from the first row
 * that has them, and so each order-level parameter; `items` holds one object per row that has a
 * line-item value, named as the file names the columns without their shared prefix. Rows that
 * disagree on the email, the time or the event name cannot be one order's.
 */
export function groupOrder(rows: readonly SourceRow[], choice: GroupByChoice): OrderEvent {
  const numbers = rows.map(({ row }) => row);
  const key = rows[0].input.params[choice.key]?.trim() ?? "";
  for (const field of FIELDS) {
    const found = disagreement(rows, field.pick, field.same);
    if (found) {
      const reason = `Order ${key} (${rowsText(numbers)}) has two ${field.label}s: "${field.pick(found.first.input).trim()}" in row ${found.first.row}, "${field.pick(found.other.input).trim()}" in row ${found.other.row}. The rows of one order share one ${field.label}.`;
      return { rows: numbers, key, ok: false, reason };
    }
  }
  const firstOf = (pick: (input: EventInput) => string) => rows.map(({ input }) => pick(input)).find((value) => value.trim() !== "") ?? "";
  const names = itemNames(choice.items);
  const itemColumns = new Set(choice.items);
  const params = newParams();
  const items: Record<string, string>[] = [];
  for (const { input } of rows) {
    // Without a prototype, as a row's parameters: an item column named "__proto__" keeps its value.
    const item = newParams();
    choice.items.forEach((column, k) => {
      const value = input.params[column]?.trim();
      if (value) item[names[k]] = value;
    });
    if (Object.keys(item).length > 0) items.push(item);
    for (const name in input.params) {
      if (itemColumns.has(name) || Object.hasOwn(params, name) || input.params[name].trim() === "") continue;
      params[name] = input.params[name];
    }
  }
  if (items.length > 0) params[ITEMS_PARAM] = canonicalJson(items);
  const input = { email: firstOf((i) => i.email), event_name: firstOf((i) => i.event_name), time: firstOf((i) => i.time), params };
  return { rows: numbers, key, ok: true, input };
}

/**
 * Cuts the rows of a file, in order, into orders: a run of rows with one value in the order column.
 * Shopify writes an order's rows one after the other (its export and import both read a new order
 * where the order column's value changes), so an order that comes back after another order's rows is
 * not joined to its first rows: that later run is an error, and its first rows stand as they are.
 * A row with nothing in the order column belongs to no order and is an error of its own.
 */
export class OrderRuns {
  private run: SourceRow[] = [];
  private runKey = "";
  /** Each finished order's first row, to name it when its value comes back. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly choice: GroupByChoice) {}

  /** Takes the next row; returns the orders it completes (the run it ends, or a row of no order). */
  push(source: SourceRow): OrderEvent[] {
    const key = source.input.params[this.choice.key]?.trim() ?? "";
    const done: OrderEvent[] = [];
    if (this.run.length > 0 && key !== this.runKey) done.push(this.close());
    if (key === "") {
      const reason = `Row ${source.row} has no value in "${this.choice.key}", so it belongs to no order.`;
      done.push({ rows: [source.row], key, ok: false, reason });
      return done;
    }
    this.run.push(source);
    this.runKey = key;
    return done;
  }

  /** The last order, at the end of the file (or of a call that holds whole orders). */
  finish(): OrderEvent[] {
    return this.run.length > 0 ? [this.close()] : [];
  }

  private close(): OrderEvent {
    const rows = this.run;
    this.run = [];
    const first = this.seen.get(this.runKey);
    if (first !== undefined) {
      const numbers = rows.map(({ row }) => row);
      const reason = `Order ${this.runKey} comes back in ${rowsText(numbers)}, apart from its rows from row ${first}: the rows of one order must be together, as shops export them. Sort the file by "${this.choice.key}" and import these rows again.`;
      return { rows: numbers, key: this.runKey, ok: false, reason };
    }
    this.seen.set(this.runKey, rows[0].row);
    return groupOrder(rows, this.choice);
  }
}

/** Groups whole rows at once (a stageRows call, a test). */
export function groupRows(rows: readonly SourceRow[], choice: GroupByChoice): OrderEvent[] {
  const runs = new OrderRuns(choice);
  return [...rows.flatMap((row) => runs.push(row)), ...runs.finish()];
}

/** The JSON parameters of a grouped import: its own, and the items. */
export function jsonParamsWithItems(jsonParams: readonly string[], choice: GroupByChoice | null | undefined): string[] {
  return choice && !jsonParams.includes(ITEMS_PARAM) ? [...jsonParams, ITEMS_PARAM] : [...jsonParams];
}
