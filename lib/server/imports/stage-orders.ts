import "server-only";
import type { StagedRowInput } from "@/lib/contract/staged-rows";
import type { GroupByChoice } from "@/lib/events/order-columns";
import { OrderRuns, type OrderEvent } from "@/lib/events/order-groups";

/**
 * What staging stores for one event: the row that carries it (`own`, as the file has it), the values
 * to check and send (`input`: an order's rows made one, or the row itself), the order's other rows,
 * and why its rows cannot be one event.
 */
export type StagingUnit = { own: StagedRowInput; input: StagedRowInput; members: StagedRowInput[]; problem: string | null };

function alone(row: StagedRowInput): StagingUnit {
  return { own: row, input: row, members: [], problem: null };
}

/**
 * A call's rows as the events they make. Without a grouping, each row is one. With one, each order's
 * rows (lib/events/order-groups.ts) are one; a row left out in the review stays out of its order,
 * and an order with a row cut short to be sent is refused with that row's reason. The caller sends
 * whole orders in one call: an order cut between two calls would become two events.
 */
export function stagingUnits(rows: readonly StagedRowInput[], groupBy: GroupByChoice | null): StagingUnit[] {
  if (!groupBy) return rows.map(alone);
  const byRow = new Map(rows.map((row) => [row.row, row]));
  const runs = new OrderRuns(groupBy);
  const units: StagingUnit[] = [];
  const unitOf = (order: OrderEvent): StagingUnit => {
    const [own, ...members] = order.rows.map((row) => byRow.get(row)!);
    if (!order.ok) return { own, input: own, members, problem: order.reason };
    const cut = [own, ...members].find((row) => row.cut !== undefined)?.cut;
    return { own, input: { row: own.row, ...order.input, ...(cut === undefined ? {} : { cut }) }, members, problem: null };
  };
  for (const row of rows) {
    if (row.leftOut) units.push(alone(row));
    else for (const order of runs.push({ row: row.row, input: row })) units.push(unitOf(order));
  }
  for (const order of runs.finish()) units.push(unitOf(order));
  return units;
}
