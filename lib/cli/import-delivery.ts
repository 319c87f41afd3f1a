import { env } from "@/lib/env";
import { getDb } from "@/lib/server/db/client";
import { onDeliveryRetry } from "@/lib/server/imports/delivery-retries";
import { findImport, type ImportView } from "@/lib/server/imports/queries";
import { deliveringText, type ProgressLine } from "./progress";

/**
 * Waits for the import's end and its report, showing how delivery goes: rows settled of the total,
 * events a second, and the retries of the batch under way (seen when the jobs run in this process).
 * Polls the import's own row, which costs nothing next to the delivery it waits for.
 */
export async function waitForReport(importId: string, total: number, progress: ProgressLine): Promise<ImportView> {
  const { sql } = await getDb();
  let retries: string | null = null;
  let retriedBatchAt = -1;
  const stopListening = onDeliveryRetry((retry) => {
    if (retry.importId !== importId) return;
    retries = `retry ${retry.attempt} of the current batch (${retry.reason})`;
  });
  try {
    let last = { at: performance.now(), settled: 0 };
    let rate = 0;
    for (;;) {
      const [row] = await sql.query<{ done: boolean; settled: number }>(
        `SELECT finished_at IS NOT NULL AND report_sent_at IS NOT NULL AS done, delivered + duplicates + rejected AS settled
         FROM imports WHERE id = $1`,
        [importId],
      );
      if (!row) throw new Error(`The import ${importId} is gone.`);
      if (row.done) return (await findImport(sql, importId))!;
      const now = performance.now();
      if (now - last.at >= 1_000) {
        rate = ((row.settled - last.settled) * 1000) / (now - last.at);
        // A batch that moved on is no longer retrying.
        if (row.settled !== retriedBatchAt) {
          if (retriedBatchAt >= 0) retries = null;
          retriedBatchAt = retries ? row.settled : -1;
        }
        last = { at: now, settled: row.settled };
      }
      progress.update(deliveringText(Math.min(row.settled, total), total, rate, retries));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    stopListening();
  }
}

export const importPage = (importId: string) => `${env().APP_URL}/imports/${importId}`;
