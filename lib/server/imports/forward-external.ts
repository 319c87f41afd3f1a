import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { retryDelayMs, type RetryPolicy } from "@/lib/server/destinations/retry";
import type { Destination, EventOutcome, SendContext } from "@/lib/server/destinations/types";
import { noteDeliveryRetry } from "./delivery-retries";
import { readNextBatch, settleBatch } from "./forward";

export type ExternalStep = { done: true } | { done: false; failure: string | null };

export type ForwardOptions = { policy: RetryPolicy; sleep: (ms: number) => Promise<void> };

/**
 * Sends the next batch to an outside destination, retrying with backoff (never sooner than its
 * Retry-After) until it answers or the retry budget is spent, then records the outcomes and moves
 * the checkpoint in one transaction. A crash in between sends the same batch again with the same
 * idempotency key, which the destination uses to drop the repeat.
 */
export async function forwardNextExternalBatch(
  sql: Sql,
  importId: string,
  destination: Destination,
  context: SendContext,
  options: ForwardOptions,
): Promise<ExternalStep> {
  // One job per import at a time (the queue's policy): the batch need not be locked while it is sent.
  const batch = await readNextBatch(sql, importId);
  if (!batch) return { done: true };
  let outcomes: EventOutcome[] = [];
  for (let attempt = 1; batch.pending.length > 0; attempt++) {
    const result = await destination.send(batch.pending, context);
    if (result.kind === "done") {
      outcomes = result.outcomes;
      break;
    }
    if (attempt >= options.policy.maxAttempts) {
      return { done: false, failure: `Not delivered: ${destination.label} still failed after ${attempt} attempts (${result.reason}).` };
    }
    noteDeliveryRetry({ importId, attempt, reason: result.reason });
    await options.sleep(retryDelayMs(attempt, result.retryAfterMs, options.policy));
  }
  await sql.transaction((tx) => settleBatch(tx, importId, batch, outcomes));
  return { done: false, failure: null };
}
