import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import type { EventOutcome, OutboundEvent } from "./types";

export const BUILTIN_LABEL = "Built-in event store";

/**
 * The built-in destination: the events table, whose unique dedup key makes a second import of the same
 * event a duplicate. It writes inside the caller's transaction, together with the rows' outcomes, so a
 * crash either keeps both or neither: nothing is stored twice or counted wrongly.
 */
export async function storeEvents(sql: Sql, importId: string, batch: OutboundEvent[]): Promise<EventOutcome[]> {
  if (batch.length === 0) return [];
  const inserted = await sql.query<{ dedup_key: string }>(
    `INSERT INTO events (dedup_key, email, event_name, occurred_at, params, import_id)
     SELECT k, e, n, to_timestamp(t / 1000.0), p::jsonb, $1::uuid
     FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::text[]) AS u(k, e, n, t, p)
     ON CONFLICT (dedup_key) DO NOTHING
     RETURNING dedup_key`,
    [
      importId,
      batch.map((event) => event.dedupKey),
      batch.map((event) => event.email),
      batch.map((event) => event.eventName),
      batch.map((event) => event.occurredMs),
      batch.map((event) => JSON.stringify(event.params)),
    ],
  );
  const stored = new Set(inserted.map((row) => row.dedup_key));
  return batch.map((event) => ({ rowNumber: event.rowNumber, state: stored.has(event.dedupKey) ? "delivered" : "duplicate" }));
}
