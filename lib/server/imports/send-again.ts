import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { ROWS_IN_STATE_SQL } from "./forward";

export type SendAgainResult = { ok: true; rows: number } | { ok: false; error: string };

/**
 * Opens a failed import again for the rows it could not deliver (those rejected with the failure
 * itself, not the ones the checks or the destination refused), so that a worker sends them without
 * the file being uploaded again. The ledger keeps what was delivered from being sent twice, whatever
 * happened since. The checkpoint goes back to the start: rows already settled are passed over. The
 * live counts restart from the rows' own, and a new report follows the end.
 */
export async function reopenUndelivered(sql: Sql, importId: string): Promise<SendAgainResult> {
  return sql.transaction(async (tx) => {
    const [current] = await tx.query<{ status: string; error: string | null }>(
      `SELECT status, error FROM imports WHERE id = $1 FOR UPDATE`,
      [importId],
    );
    if (!current) return { ok: false, error: "This import does not exist." };
    if (current.status !== "failed" || !current.error) {
      return { ok: false, error: "Only a failed import has undelivered rows to send again." };
    }
    const reopened = await tx.query<{ rows: number }>(
      `UPDATE staged_rows SET state = 'pending', reason = NULL
       WHERE import_id = $1 AND state = 'rejected' AND reason = $2 RETURNING 1 + coalesce(group_size, 0) AS rows`,
      [importId, current.error],
    );
    // Marked out again from the rows to send (decision 018): the old ranges are all finished.
    await tx.query(`DELETE FROM import_ranges WHERE import_id = $1`, [importId]);
    await tx.query(
      `UPDATE imports SET status = 'queued', error = NULL, finished_at = NULL, report_sent_at = NULL, attempt_note = NULL,
              forwarded_through = 0, sent_again = sent_again + 1, forward_errors = 0,
              delivered = (SELECT ${ROWS_IN_STATE_SQL} FROM staged_rows WHERE import_id = $1 AND state = 'delivered'),
              duplicates = (SELECT ${ROWS_IN_STATE_SQL} FROM staged_rows WHERE import_id = $1 AND state = 'duplicate'),
              rejected = (SELECT ${ROWS_IN_STATE_SQL} FROM staged_rows WHERE import_id = $1 AND state = 'rejected')
       WHERE id = $1`,
      [importId],
    );
    return { ok: true, rows: reopened.reduce((sum, row) => sum + row.rows, 0) };
  });
}

export type DeliveryState = { attemptNote: string | null; sentAgain: number; undelivered: number };

/** What the import's page shows about delivery: the last retry's note, and the rows a failure left undelivered. */
export async function findDeliveryState(sql: Sql, importId: string): Promise<DeliveryState> {
  const [row] = await sql.query<{ attempt_note: string | null; sent_again: number; undelivered: number }>(
    `SELECT attempt_note, sent_again,
            CASE WHEN status = 'failed' AND error IS NOT NULL
                 THEN (SELECT ${ROWS_IN_STATE_SQL} FROM staged_rows s WHERE s.import_id = i.id AND s.state = 'rejected' AND s.reason = i.error)
                 ELSE 0 END AS undelivered
     FROM imports i WHERE id = $1`,
    [importId],
  );
  return { attemptNote: row?.attempt_note ?? null, sentAgain: row?.sent_again ?? 0, undelivered: row?.undelivered ?? 0 };
}
