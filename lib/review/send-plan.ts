import type { StagedRowInput } from "@/lib/contract/staged-rows";
import { fitForSending } from "@/lib/events/row";
import { MAX_PARAM_VALUE_LENGTH, MAX_ROW_CHARS } from "@/lib/events/rules";
import { INVALID } from "./row-state";
import type { RowStore } from "./rows";

/** A stageRows call stays well under the server's 2 MB body limit, whatever the rows hold. */
export const MAX_BATCH_CHARS = 1_000_000;

/** The rows to send in the order they go, and where each stageRows call starts in it. */
export type BatchPlan = { order: Int32Array; starts: number[] };

/**
 * Cuts every row into stageRows calls of at most `rowsPerCall` rows and MAX_BATCH_CHARS (past them
 * to the end of an order, when each order is one event). Left-out
 * rows go too, marked so: the server keeps them as rejected ("Left out in review"), so that the
 * report lists them to fix later.
 */
export function planBatches(store: RowStore, rowsPerCall: number): BatchPlan {
  const order = new Int32Array(store.size);
  for (let i = 0; i < store.size; i++) order[i] = i;
  const starts: number[] = [];
  let chars = 0;
  // With each order one event, a call ends only where an order does: the server makes its event of the call's rows.
  const key = store.groupBy ? store.mapping.params.find(({ name }) => name === store.groupBy!.key)?.index ?? -1 : -1;
  const values = key === -1 ? null : store.columns[key];
  const sameOrder = (k: number) => values !== null && values[order[k]].trim() !== "" && values[order[k]].trim() === values[order[k - 1]].trim();
  for (let k = 0; k < order.length; k++) {
    const size = rowChars(store, order[k]);
    const start = starts.at(-1);
    if (start === undefined || ((k - start >= rowsPerCall || chars + size > MAX_BATCH_CHARS) && !sameOrder(k))) {
      starts.push(k);
      chars = 0;
    }
    chars += size;
  }
  return { order, starts };
}

/** The rows of call `seq`, as the server takes them. */
export function batchRows(store: RowStore, plan: BatchPlan, seq: number): StagedRowInput[] {
  if (seq < 0 || seq >= plan.starts.length) throw new RangeError(`There is no batch ${seq}.`);
  const end = plan.starts[seq + 1] ?? plan.order.length;
  const rows: StagedRowInput[] = [];
  for (let k = plan.starts[seq]; k < end; k++) {
    const i = plan.order[k];
    const row = store.rowNumberAt(i);
    const input = store.inputAt(i);
    const leftOut = store.isLeftOut(i);
    if (store.stateAt(i) !== INVALID && !leftOut) {
      rows.push({ row, ...input });
      continue;
    }
    // A left-out row was never checked again after it was left out: it may hold anything.
    const fitted = fitForSending(input);
    rows.push({ row, ...fitted.input, ...(fitted.cut ? { cut: fitted.cut } : {}), ...(leftOut ? { leftOut: true as const } : {}) });
  }
  return rows;
}

/** What the row weighs in a stageRows call: an invalid row goes cut to fit (fitForSending). */
function rowChars(store: RowStore, i: number): number {
  let chars = 64;
  for (let c = 0; c < store.columns.length; c++) chars += Math.min(store.columns[c][i].length, MAX_PARAM_VALUE_LENGTH) + store.headers[c].length + 8;
  return Math.min(chars, 64 + 2 * MAX_ROW_CHARS);
}
