import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { endLease } from "./claims";
import { countRowStates, rejectPendingRows } from "./forward";
import type { RunOutcome } from "./run-outcome";

/** The statuses an import can be cancelled in: committed, not yet finished. */
const CANCELLABLE = ["queued", "running"];

/** The reason the rows not yet sent carry in the report and the rejected-rows CSV. */
export function cancelReason(byWhom: string): string {
  return `Cancelled by ${byWhom}`;
}

/**
 * Marks the import cancelled. The worker sending it stops after the batch in flight and settles it
 * (settleIfCancelled); an import no worker has taken yet is settled by the first that does. False
 * when the import has finished already or is still receiving rows.
 */
export async function requestCancel(sql: Sql, importId: string, byWhom: string): Promise<boolean> {
  const changed = await sql.query(
    `UPDATE imports SET status = 'cancelled', error = $2 WHERE id = $1 AND status = ANY($3::text[]) AND finished_at IS NULL RETURNING id`,
    [importId, cancelReason(byWhom), CANCELLABLE],
  );
  return changed.length > 0;
}

/**
 * Settles a cancelled import, once: the rows not yet sent are rejected with the cancel's reason, the
 * counts come from the rows, and the import is finished, so that its report goes out. Null when the
 * import is not cancelled. Holds the import's row, so that a batch in flight ends first.
 */
export async function settleIfCancelled(sql: Sql, importId: string): Promise<RunOutcome | null> {
  return sql.transaction(async (tx) => {
    const [row] = await tx.query<{ status: string; error: string | null; finished_at: Date | null }>(
      `SELECT status, error, finished_at FROM imports WHERE id = $1 FOR UPDATE`,
      [importId],
    );
    if (!row || row.status !== "cancelled") return null;
    if (row.finished_at) return { finished: false, reason: "already cancelled" };
    await rejectPendingRows(tx, importId, row.error ?? cancelReason("someone"));
    await endLease(tx, importId);
    const counts = await countRowStates(tx, importId);
    await tx.query(
      `UPDATE imports SET total = $2, delivered = $3, duplicates = $4, rejected = $5, finished_at = now() WHERE id = $1`,
      [importId, counts.total, counts.delivered, counts.duplicates, counts.rejected],
    );
    return { finished: true, status: "cancelled", counts };
  });
}
