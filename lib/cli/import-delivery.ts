import { env } from "@/lib/env";
import { getDb } from "@/lib/server/db/client";
import { findImport, type ImportView } from "@/lib/server/imports/queries";
import { deliveringText, type ProgressLine } from "./progress";

/**
 * Waits for the import's end and its report, showing how delivery goes: rows settled of the total,
 * events a second, and the current batch's retries (the note the forwarding job keeps on the import,
 * in whichever process it runs). Polls the import's own row, which costs nothing next to the
 * delivery it waits for.
 */
export async function waitForReport(importId: string, total: number, progress: ProgressLine): Promise<ImportView> {
  const { sql } = await getDb();
  let last = { at: performance.now(), settled: 0 };
  let rate = 0;
  for (;;) {
    const [row] = await sql.query<{ done: boolean; settled: number; attempt_note: string | null }>(
      `SELECT finished_at IS NOT NULL AND report_sent_at IS NOT NULL AS done,
              delivered + duplicates + rejected AS settled, attempt_note
       FROM imports WHERE id = $1`,
      [importId],
    );
    if (!row) throw new Error(`The import ${importId} is gone.`);
    if (row.done) return (await findImport(sql, importId))!;
    const now = performance.now();
    if (now - last.at >= 1_000) {
      rate = ((row.settled - last.settled) * 1000) / (now - last.at);
      last = { at: now, settled: row.settled };
    }
    progress.update(deliveringText(Math.min(row.settled, total), total, rate, row.attempt_note));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const importPage = (importId: string) => `${env().APP_URL}/imports/${importId}`;
