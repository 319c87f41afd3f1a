import "server-only";
import type { Sql } from "@/lib/server/db/sql";

/**
 * Removes an import that was never committed, with the rows staged so far: reading its file stopped
 * or failed, or its upload was abandoned; nothing of it was delivered, and keeping half a file would
 * only mislead. The only way an import is deleted. Its staged rows have no foreign key (decision 019)
 * and go in a statement of their own after the import's: a batch being staged holds the import's
 * key (its staged_batches row) until it commits, so the import's DELETE waits for it, and the rows'
 * DELETE, a new statement, sees its rows. An import already committed is left alone. True when it
 * was removed.
 */
export async function discardStagingImport(sql: Sql, importId: string): Promise<boolean> {
  return sql.transaction(async (tx) => {
    const removed = await tx.query(`DELETE FROM imports WHERE id = $1 AND status = 'staging' RETURNING id`, [importId]);
    if (removed.length === 0) return false;
    await tx.query(`DELETE FROM staged_rows WHERE import_id = $1`, [importId]);
    return true;
  });
}
