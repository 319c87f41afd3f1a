import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { retryDelayMs, type RetryPolicy } from "@/lib/server/destinations/retry";
import type { Destination, OutboundEvent, SendContext, SendResult } from "@/lib/server/destinations/types";
import { passBatch, readNextBatch, settleOutcomes } from "./forward";

export type ExternalStep = { done: true } | { done: false; failure: string | null };

export type ForwardOptions = { policy: RetryPolicy; sleep: (ms: number) => Promise<void> };

/**
 * The most requests one batch may take while refused requests are split: finding one bad event among
 * 500 takes about 2·log2(500) ≈ 18, so this finds a dozen or so; past it, what is still refused is
 * rejected with the destination's words rather than sent in ever smaller pieces.
 */
export const MAX_REQUESTS_PER_BATCH = 250;

/**
 * Sends the next batch to an outside destination and records every event's end. Events the ledger
 * already holds for this destination are duplicates before anything is sent. A request the
 * destination refuses as a whole (one bad event can do that) is split in halves, again and again,
 * until the bad events are alone: each is rejected with the destination's words, and every other
 * event is delivered once. Each answered request is recorded (outcomes and ledger) in its own
 * transaction before the next is sent, so that a crash in the middle of a split sends again only
 * what no answer settled; the checkpoint moves once the whole batch is settled.
 */
export async function forwardNextExternalBatch(
  sql: Sql,
  importId: string,
  destination: Destination,
  context: SendContext,
  options: ForwardOptions,
): Promise<ExternalStep> {
  // One job per import at a time (the queue's policy): the batch need not be locked while it is sent.
  const batch = await readNextBatch(sql, importId, destination.identity);
  if (!batch) return { done: true };
  if (batch.known.length > 0) {
    await sql.transaction((tx) => settleOutcomes(tx, importId, destination.identity, [], batch.known));
  }
  const waiting: OutboundEvent[][] = batch.pending.length > 0 ? [batch.pending] : [];
  let requests = 0;
  while (waiting.length > 0) {
    const events = waiting.shift()!;
    const result = await sendWithRetries(sql, importId, destination, events, context, options);
    if (result.kind !== "done") return { done: false, failure: result.reason };
    requests++;
    const outcomes = [...result.outcomes];
    const halves: OutboundEvent[][] = [];
    for (const refused of result.refused ?? []) {
      if (refused.events.length === 1 || requests + waiting.length >= MAX_REQUESTS_PER_BATCH) {
        outcomes.push(...refused.events.map((event) => ({ rowNumber: event.rowNumber, state: "rejected" as const, reason: refused.reason })));
      } else {
        const middle = Math.ceil(refused.events.length / 2);
        halves.push(refused.events.slice(0, middle), refused.events.slice(middle));
      }
    }
    await sql.transaction((tx) => settleOutcomes(tx, importId, destination.identity, events, outcomes));
    waiting.unshift(...halves);
  }
  await passBatch(sql, importId, batch.lastRow);
  return { done: false, failure: null };
}

/**
 * Sends events until the destination answers, retrying with backoff (never sooner than its
 * Retry-After) until the retry budget is spent; a 429 without Retry-After is retried for at least
 * the policy's patience in all. Each retry is noted on the import, for its page.
 */
async function sendWithRetries(
  sql: Sql,
  importId: string,
  destination: Destination,
  events: OutboundEvent[],
  context: SendContext,
  options: ForwardOptions,
): Promise<Exclude<SendResult, { kind: "retry" }>> {
  let waited = 0;
  let noted = false;
  for (let attempt = 1; ; attempt++) {
    const result = await destination.send(events, context);
    if (result.kind !== "retry") {
      if (noted) await sql.query(`UPDATE imports SET attempt_note = NULL WHERE id = $1`, [importId]);
      return result;
    }
    const patient = result.throttled && result.retryAfterMs === null && waited < options.policy.patienceMs;
    if (attempt >= options.policy.maxAttempts && !patient) {
      return { kind: "failed", reason: `Not delivered: ${destination.label} still failed after ${attempt} attempts (${result.reason}).` };
    }
    const delay = retryDelayMs(attempt, result.retryAfterMs, options.policy);
    const note = `${result.reason}: attempt ${attempt} failed, the next in ${Math.max(1, Math.round(delay / 1000))} s.`;
    await sql.query(`UPDATE imports SET attempt_note = $2 WHERE id = $1`, [importId, note]);
    noted = true;
    waited += delay;
    await options.sleep(delay);
  }
}
