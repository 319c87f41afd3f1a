import { toCsv, UTF8_BOM } from "@/lib/csv/write-csv";
import type { RowStore } from "./rows";

/**
 * Every row of the file, left-out ones included, with the review's fixes, under the file's own
 * header: the file to keep instead of the original, so that the next import of it sends what this one
 * sent and nothing twice. Formula-safe, as every file we write.
 */
export function correctedCsv(store: RowStore): { csv: string; rows: number } {
  const records: string[][] = [];
  for (let i = 0; i < store.size; i++) records.push(store.fieldsAt(i));
  return { csv: UTF8_BOM + toCsv(store.headers, records), rows: records.length };
}

/** The corrected file's name, after the file's own. */
export function correctedFileName(fileName: string): string {
  return `${fileName.replace(/\.csv$/i, "")}-corrected.csv`;
}
