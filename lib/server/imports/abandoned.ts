import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { abandonedEmail } from "@/lib/server/mail/abandoned-email";
import { sendEmail } from "@/lib/server/mail/mailer";
import { discardStagingImport } from "./discard";

type Abandoned = { id: string; fileName: string; notifyEmail: string | null; createdAt: Date; rows: number };

/**
 * Discards every import still receiving rows that was started over `hours` ago: its upload stopped
 * (a tab closed, a network lost) and nobody came back to continue or discard it. Its rows go with it,
 * and its owner gets an email saying so. Run twice, the second run finds nothing.
 */
export async function discardAbandoned(sql: Sql, hours: number, nowMs: number = Date.now()): Promise<Abandoned[]> {
  const before = new Date(nowMs - hours * 3_600_000);
  const found = await sql.query<Abandoned>(
    `SELECT i.id, i.file_name AS "fileName", i.notify_email AS "notifyEmail", i.created_at AS "createdAt",
            coalesce((SELECT sum(b.row_count) FROM staged_batches b WHERE b.import_id = i.id), 0)::int AS rows
     FROM imports i WHERE i.status = 'staging' AND i.created_at < $1`,
    [before],
  );
  const discarded: Abandoned[] = [];
  for (const item of found) {
    // Committed meanwhile, or discarded by its owner: not ours to remove, nor to write about.
    if (!(await discardStagingImport(sql, item.id))) continue;
    await sendEmail(sql, item.notifyEmail, abandonedEmail({ ...item, hours }));
    discarded.push(item);
  }
  return discarded;
}
