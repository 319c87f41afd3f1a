import "server-only";
import { ownParam, type ImportColumns } from "@/lib/csv/rejected-rows";
import { toCsvRecords, UTF8_BOM } from "@/lib/csv/write-csv";
import { canonicalJson } from "@/lib/events/json-params";
import type { Sql } from "@/lib/server/db/sql";

/** Rows read and written a page at a time, so that a million-row import never sits in memory at once. */
const ROWS_PER_PAGE = 5_000;

/** A parameter as the review held it: text, or a JSON column's value as canonical JSON (keys sorted). */
const asText = (value: unknown) => (typeof value === "string" ? value : canonicalJson(value));

/**
 * Every row of an import as it was staged, the review's fixes included, under the file's own column
 * names for what the import used: the file to keep instead of the original. Written as CSV text, a
 * page of rows at a time. Formula-safe, as every file we write.
 */
export async function* correctedFile(sql: Sql, importId: string, columns: ImportColumns): AsyncGenerator<string> {
  const headers = [columns.email, columns.event_name, columns.time, ...columns.params];
  yield UTF8_BOM + toCsvRecords([headers]);
  let after = 0;
  for (;;) {
    const rows = await sql.query<{ row_number: number; email: string; event_name: string; time_text: string; params: Record<string, unknown> }>(
      `SELECT row_number, email, event_name, time_text, params FROM staged_rows
       WHERE import_id = $1 AND row_number > $2 ORDER BY row_number LIMIT ${ROWS_PER_PAGE}`,
      [importId, after],
    );
    if (rows.length === 0) return;
    const records = rows.map((row) => {
      const params = Object.fromEntries(Object.entries(row.params).map(([name, value]) => [name, asText(value)]));
      return [row.email, row.event_name, row.time_text, ...columns.params.map((name) => ownParam(params, name))];
    });
    yield `\r\n${toCsvRecords(records)}`;
    after = rows.at(-1)!.row_number;
  }
}
