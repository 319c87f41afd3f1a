import "server-only";
import type { ContactsProgress } from "@/lib/contract/import-view";
import type { Sql } from "@/lib/server/db/sql";

/** How far the contacts step of an import has come, for its page; null when it has none (yet). */
export async function findContactsProgress(sql: Sql, importId: string): Promise<ContactsProgress | null> {
  const [row] = await sql.query<ContactsProgress>(
    `SELECT coalesce(sum(cardinality(emails)), 0)::int AS total,
            coalesce(sum(cardinality(emails)) FILTER (WHERE finished_at IS NOT NULL), 0)::int AS settled,
            coalesce(sum((SELECT count(*) FROM jsonb_object_keys(failures))) FILTER (WHERE finished_at IS NOT NULL), 0)::int AS failed,
            count(*)::int AS sessions,
            count(finished_at)::int AS "sessionsFinished"
     FROM import_contact_batches WHERE import_id = $1`,
    [importId],
  );
  return row && row.sessions > 0 ? row : null;
}
