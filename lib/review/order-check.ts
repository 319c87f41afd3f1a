import { ITEMS_PARAM, checkGroupBy, proposeGroupBy, type GroupByChoice } from "@/lib/events/order-columns";
import { OrderRuns, type OrderEvent } from "@/lib/events/order-groups";
import { NO_ISSUES } from "@/lib/events/row";
import type { RowOutcome, RowValidator } from "@/lib/events/validator";
import type { RowStore } from "./rows";

/**
 * The review of a file whose orders are one event each (lib/events/order-groups.ts, the rule that
 * stageRows applies again): every row keeps its own place and number in the grid, and takes its
 * order's verdict, so that the counts are of the file's rows, as the import's report counts them.
 */

/** The number of an event's items, and each one's name (or first value), for the review to show. */
function itemsOf(outcome: RowOutcome): { count: number; names: string } {
  const text = outcome.event?.params[ITEMS_PARAM];
  const items = text ? (JSON.parse(text) as Record<string, string>[]) : [];
  const names = items.slice(0, SHOWN_ITEMS).map((item) => item.name ?? Object.values(item)[0]);
  return { count: items.length, names: `${names.join(", ")}${items.length > SHOWN_ITEMS ? ", …" : ""}` };
}

const SHOWN_ITEMS = 5;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** The outcome of each row of one order: the first row's is the event's, the others follow it. */
function orderOutcomes(store: RowStore, validator: RowValidator, order: OrderEvent, indices: number[]): [number, RowOutcome][] {
  const [head, ...members] = indices;
  const headRow = store.rowNumberAt(head);
  const own = store.inputAt(head);
  const event: RowOutcome = order.ok
    ? validator.checkInput(headRow, order.input)
    : { row: headRow, input: own, event: null, errors: [{ field: "row", message: order.reason }], warnings: NO_ISSUES, duplicateOf: null };
  const out: [number, RowOutcome][] = [];
  if (event.event && order.ok) {
    const items = itemsOf(event);
    const list = items.count > 0 ? ` (${items.names})` : "";
    const what = { field: "row", message: `Order ${order.key}: one event of ${plural(indices.length, "row")}, with ${plural(items.count, "item")}${list}.` };
    out.push([head, { ...event, input: own, warnings: [what, ...event.warnings] }]);
  } else {
    out.push([head, { ...event, input: own }]);
  }
  for (const index of members) {
    const part = { field: "row", message: `A line item of order ${order.key}, sent in the event of row ${headRow}.` };
    const issues = event.event ? { warnings: [part, ...event.warnings] } : {};
    out.push([index, { ...event, row: store.rowNumberAt(index), input: store.inputAt(index), ...issues }]);
  }
  return out;
}

/**
 * Each row's outcome, by its index in the store, with the rows of each order made one event; and how
 * many new events the orders make (valid, not repeating an earlier order).
 */
export function checkOrders(store: RowStore, validator: RowValidator, groupBy: GroupByChoice): { outcomes: [number, RowOutcome][]; events: number } {
  const runs = new OrderRuns(groupBy);
  const waiting: number[] = [];
  const out: [number, RowOutcome][] = [];
  let events = 0;
  const settle = (orders: OrderEvent[]) => {
    for (const order of orders) {
      const outcomes = orderOutcomes(store, validator, order, waiting.splice(0, order.rows.length));
      const [, head] = outcomes[0];
      if (head.event && head.duplicateOf === null) events++;
      out.push(...outcomes);
    }
  };
  for (let i = 0; i < store.size; i++) {
    if (store.isLeftOut(i)) continue;
    waiting.push(i);
    settle(runs.push({ row: store.rowNumberAt(i), input: store.inputAt(i) }));
  }
  settle(runs.finish());
  return { outcomes: out, events };
}

/**
 * "One event per order", offered when the mapping's parameters look like a shop's line-item export
 * and the order column repeats in consecutive rows; null otherwise.
 */
export function offerGroupBy(store: RowStore): GroupByChoice | null {
  const params = store.mapping.params.map(({ name }) => name);
  const offer = proposeGroupBy(params);
  if (!offer || checkGroupBy(params, offer)) return null;
  const column = store.mapping.params.find(({ name }) => name === offer.key)!.index;
  const values = store.columns[column];
  for (let i = 1; i < store.size; i++) if (values[i].trim() !== "" && values[i].trim() === values[i - 1].trim()) return offer;
  return null;
}

/** The grouping a mapping can take: none when its parameters no longer hold the order or item columns. */
export function groupByFor(store: RowStore, groupBy: GroupByChoice | null | undefined): GroupByChoice | null {
  if (!groupBy) return null;
  return checkGroupBy(store.mapping.params.map(({ name }) => name), groupBy) === null ? groupBy : null;
}
