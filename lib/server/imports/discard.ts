import "server-only";
import type { Sql } from "@/lib/server/db/sql";

/**
 * Removes an import that was never committed, with the rows staged so far (they cascade): reading its
 * file stopped or failed, nothing of it was delivered, and keeping half a file would only mislead.
 * An import already committed is left alone. True when it was removed.
 */
export async function discardStagingImport(sql: Sql, importId: string): Promise<boolean> {
  const removed = await sql.query(`DELETE FROM imports WHERE id = $1 AND status = 'staging' RETURNING id`, [importId]);
  return removed.length > 0;
}
