import { importColumns, rejectedRowsCsv, type RejectedRow } from "@/lib/csv/rejected-rows";
import { LEFT_OUT_REASON } from "@/lib/events/rules";
import type { RowStore } from "./rows";

/** The rows the report will list if sent now: the invalid ones with their reasons, and the left-out ones. */
export function* rejectedRows(store: RowStore): Generator<RejectedRow> {
  for (let i = 0; i < store.size; i++) {
    const leftOut = store.isLeftOut(i);
    if (!leftOut && !store.isInvalid(i)) continue;
    const { email, event_name, time, params } = store.inputAt(i);
    const reason = leftOut ? LEFT_OUT_REASON : store.issuesAt(i).map((issue) => issue.message).join(" ");
    yield { rowNumber: store.rowNumberAt(i), email, eventName: event_name, time, params, reason };
  }
}

/** The rejected rows as the report's CSV, under the file's own column names, and how many there are. */
export function rejectedCsv(store: RowStore): { csv: string; rows: number } {
  const rows = [...rejectedRows(store)];
  return { csv: rejectedRowsCsv(importColumns(store.headers, store.mapping), rows), rows: rows.length };
}

/** The rejected rows' file name, after the file's own. */
export function rejectedFileName(fileName: string): string {
  return `${fileName.replace(/\.(csv|xlsx|xlsm)$/i, "")}-rejected.csv`;
}
