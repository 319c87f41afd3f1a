import "server-only";
import { loadStagingHashers } from "@/lib/events/dedup";
import type { GroupByChoice } from "@/lib/events/order-columns";
import type { Sql } from "@/lib/server/db/sql";
import { BUILTIN_IDENTITY } from "@/lib/server/destinations/identity";
import { EVENTS_PER_BATCH, type StagedRowInput } from "@/lib/contract/staged-rows";
import { createImport, markQueued } from "@/lib/server/imports/lifecycle";
import { stageRows } from "@/lib/server/imports/stage";

/** Waits until the probe says yes; a probe that fails (a database that is down) is a "not yet". */
export async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What a test's import differs in; the rest is a plain import of `test.csv` into the built-in store. */
export type TestImportOptions = {
  fileName?: string;
  destination?: string;
  timeZone?: string;
  /** The file's parameter columns the mapping kept (none by default). */
  params?: string[];
  /** Those of `params` the import records as kept on purpose though the destination reserves them. */
  keptReserved?: string[];
  /** The file's names of the email, event and time columns (`email`, `event_name`, `time` by default). */
  headers?: { email: string; event_name: string; time: string };
  notifyEmail?: string | null;
  createdBy?: string | null;
  triggerCampaigns?: boolean;
  contactsFirst?: boolean;
  /** Whether staging applies the destination's rule, as every path does (default); off to let a test send what the rule would refuse. */
  destinationRule?: boolean;
  /** The event name every row gets (a file without an event column). */
  eventName?: string;
  /** The order and line-item columns, for an import that makes each order one event. */
  groupBy?: GroupByChoice;
  sendChangedRepeats?: boolean;
};

/** An import as the wizard's createImport leaves it: taking rows, not yet committed. */
export async function createTestImport(sql: Sql, options: TestImportOptions = {}): Promise<string> {
  const { importId } = await createImport(sql, {
    fileName: options.fileName ?? "test.csv",
    destination: options.destination ?? "builtin",
    timeZone: options.timeZone ?? "UTC",
    columns: { ...(options.headers ?? { email: "email", event_name: "event_name", time: "time" }), params: options.params ?? [], ...(options.keptReserved ? { keptReserved: options.keptReserved } : {}) },
    triggerCampaigns: options.triggerCampaigns ?? false,
    contactsFirst: options.contactsFirst ?? false,
    notifyEmail: options.notifyEmail ?? null,
    createdBy: options.createdBy ?? null,
    eventName: options.eventName ?? null,
    groupBy: options.groupBy ?? null,
    sendChangedRepeats: options.sendChangedRepeats,
  });
  return importId;
}

/**
 * An import with these rows staged as the wizard sends them (500 a call, read in the import's time
 * zone) and committed: queued for a worker, or for `runImport`.
 */
export async function stageTestImport(sql: Sql, rows: StagedRowInput[], options: TestImportOptions = {}): Promise<string> {
  const importId = await createTestImport(sql, options);
  const hasher = await loadStagingHashers();
  for (let seq = 0; seq * EVENTS_PER_BATCH < rows.length; seq++) {
    const batch = rows.slice(seq * EVENTS_PER_BATCH, (seq + 1) * EVENTS_PER_BATCH);
    await stageRows(sql, hasher, {
      importId, seq, rows: batch, timeZone: options.timeZone ?? "UTC", eventName: options.eventName ?? null, groupBy: options.groupBy ?? null,
      destination: options.destinationRule === false ? undefined : options.destination,
    });
  }
  await markQueued(sql, importId);
  return importId;
}

/** `count` rows numbered as in the file, from row 2 (the first after the header) on. */
export function numberedRows(count: number, row: (n: number) => StagedRowInput): StagedRowInput[] {
  return Array.from({ length: count }, (_, i) => row(i + 2));
}

/** Records the events as delivered to the destination, as an earlier import would have; a key already there keeps its first entry. */
export async function recordDelivered(sql: Sql, destination: string, importId: string, dedupKeys: string[]): Promise<void> {
  if (dedupKeys.length === 0) return;
  if (destination === BUILTIN_IDENTITY) {
    // The built-in store is its own ledger (decision 019): the events themselves.
    await sql.query(
      `INSERT INTO events (dedup_key, email, event_name, occurred_at, params, import_id)
       SELECT k, 'recorded@example.com', 'recorded', now(), '{}', $1::uuid FROM unnest($2::text[]) AS k
       ON CONFLICT (dedup_key) DO NOTHING`,
      [importId, dedupKeys],
    );
    return;
  }
  await sql.query(
    `INSERT INTO delivered_events (destination, dedup_key, import_id)
     SELECT $1, k, $2::uuid FROM unnest($3::text[]) AS k
     ON CONFLICT (destination, dedup_key) DO NOTHING`,
    [destination, importId, dedupKeys],
  );
}
