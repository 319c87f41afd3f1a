import type { StagedRowInput } from "@/lib/contract/staged-rows";
import { fitForSending } from "@/lib/events/row";
import { MAX_PARAM_VALUE_LENGTH, MAX_ROW_CHARS } from "@/lib/events/rules";
import { INVALID } from "./row-state";
import type { RowStore } from "./rows";

/**
 * The most bytes a stageRows call's rows take in its request (wireBytes), well under the server's
 * 2 MB body limit, whatever the rows hold.
 */
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
  for (let c = 0; c < store.columns.length; c++) {
    const value = store.columns[c][i];
    chars += wireBytes(value.length > MAX_PARAM_VALUE_LENGTH ? value.slice(0, MAX_PARAM_VALUE_LENGTH) : value) + store.headers[c].length + 8;
  }
  return Math.min(chars, 64 + 7 * MAX_ROW_CHARS);
}

const PLAIN = /^[\x20-\x7e]*$/;

/**
 * The bytes a value takes in the request: written into the call's JSON text, which travels as a
 * string in the action's JSON body, so a quote or a backslash becomes four bytes (\\\" ), a control
 * character or a lone surrogate seven at most (\\u0001), and any other character its UTF-8 length.
 */
export function wireBytes(value: string): number {
  if (PLAIN.test(value)) {
    let bytes = value.length + 4;
    for (let k = value.indexOf('"'); k !== -1; k = value.indexOf('"', k + 1)) bytes += 3;
    for (let k = value.indexOf("\\"); k !== -1; k = value.indexOf("\\", k + 1)) bytes += 3;
    return bytes;
  }
  let bytes = 4;
  for (let k = 0; k < value.length; k++) {
    const code = value.charCodeAt(k);
    if (code === 0x22 || code === 0x5c) bytes += 4;
    else if (code < 0x20) bytes += 7;
    else if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && (value.charCodeAt(k + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      k++;
    } else if (code >= 0xd800 && code < 0xe000) bytes += 7;
    else bytes += 3;
  }
  return bytes;
}
