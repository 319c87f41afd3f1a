import type { DateOrderFinding } from "@/lib/events/date-order";
import type { FileError } from "./file-errors";
import { readEventsFile, type ReadOptions } from "./read-events-file";
import type { ByteSource } from "./source";

/**
 * What a file's time column says about the order of its dates, its parameter columns and which of them hold JSON,
 * read before its rows are checked (a file on disk can be read twice): stops once both are settled
 * (usually within a few rows), else reads to the end. The command line decides with it before it
 * checks or stages a row.
 */
export async function scanDateOrder(
  source: ByteSource,
  options: Pick<ReadOptions, "timeZone" | "nowMs" | "columns" | "signal" | "dateOrder" | "onProgress" | "sheet" | "headerRow" | "chunkBytes">,
): Promise<{ finding: DateOrderFinding; jsonColumns: string[]; params: string[]; error: null } | { finding: null; jsonColumns: null; error: FileError }> {
  const result = await readEventsFile(source, { ...options, dateOrder: options.dateOrder ?? "auto", scanOnly: true });
  if (result.error) return { finding: null, jsonColumns: null, error: result.error };
  const params = result.mapping?.params.map(({ name }) => name) ?? [];
  return { finding: result.dateOrder.finding, jsonColumns: result.jsonColumns, params, error: null };
}
