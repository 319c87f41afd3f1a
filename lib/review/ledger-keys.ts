import { loadStagingHashers, type StagingHashers } from "@/lib/events/dedup";
import { checkEvent } from "@/lib/events/row";
import { mapRecord } from "@/lib/events/validator";
import { MAX_LEDGER_KEYS_PER_CALL } from "@/lib/contract/already-delivered";
import { gridRowOf } from "./queries";
import type { RowStore } from "./rows";

let hasher: Promise<StagingHashers> | null = null;

/** The rows' dedup keys and, beside them, their moment keys (decision 016), with the rows' positions. */
export type LedgerKeys = { keys: string[]; moments: string[]; indices: number[]; next: number | null };

/**
 * The dedup and moment keys of the valid, first-seen rows from `offset` on, at most `limit` of them, exactly as
 * the server computes them when it stages a row (the same checks, the same hash): the review asks the
 * ledger about them, to say how many events the destination already holds.
 */
export async function ledgerKeys(store: RowStore, offset: number, limit = MAX_LEDGER_KEYS_PER_CALL): Promise<LedgerKeys> {
  // An order's event is made of several rows; no row's own key is its key, so none is asked about.
  if (store.groupBy) return { keys: [], moments: [], indices: [], next: null };
  hasher ??= loadStagingHashers();
  const hash = await hasher;
  const keys: string[] = [];
  const moments: string[] = [];
  const indices: number[] = [];
  let i = offset;
  for (; i < store.size && keys.length < limit; i++) {
    const row = gridRowOf(store, i);
    if (row.leftOut || row.state !== "valid") continue;
    const event = checkEvent(mapRecord(row.values, store.mapping), store.context).event;
    if (!event) continue;
    keys.push(hash.dedup(event));
    moments.push(hash.moment(event));
    indices.push(i);
  }
  return { keys, moments, indices, next: i < store.size ? i : null };
}
