import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { retryDelayMs, type RetryPolicy } from "@/lib/server/destinations/retry";
import type { Destination, OutboundEvent, SendContext, SendResult } from "@/lib/server/destinations/types";
import PQueue from "p-queue";
import { holdClaims } from "./claims";
import { nextBatchEnd, passBatch, settleOutcomes, takeBatch } from "./forward";
import { passRangeBatch, type ImportRange } from "./ranges";

export type ExternalEnd = { cancelled: boolean; failure: string | null };

export type ForwardOptions = {
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  /** Requests this import keeps in flight at once (DELIVERY_CONCURRENCY); the account's budget sets their pace. */
  concurrency?: number;
};

/** How long an import waits before looking again at events another import holds the claims of. */
const CLAIM_RECHECK_MS = 1_000;

/**
 * The most requests one batch may take while refused requests are split: finding one bad event among
 * 500 takes about 2·log2(500) ≈ 18, so this finds a dozen or so; past it, what is still refused is
 * rejected with the destination's words rather than sent in ever smaller pieces.
 */
export const MAX_REQUESTS_PER_BATCH = 250;

/**
 * Sends an import's pending rows to an outside destination, several batches in flight at once
 * (`concurrency`, each request in its slot of the account's request budget), and records every
 * event's end. Batches are marked out in order (nextBatchEnd), each taken with its claims by its own
 * task (takeBatch: on PostgreSQL several at once, on their own connections), and finish in any order:
 * the checkpoint moves over the run of finished batches at its front, so that after a crash the
 * batches past it are read again and only their rows that no recorded answer settled are sent.
 * Rows another import holds the claims of are left pending, the checkpoint stops before them, and a
 * last pass comes back to them until each claim resolves (delivered there: a duplicate here;
 * refused or lapsed: sent here). A cancel or a failure stops the taking of batches; the requests in
 * flight are answered and recorded first. With `range`, the same within one range of the import
 * (ranges.ts), from the range's own checkpoint.
 */
export async function forwardExternal(
  sql: Sql,
  importId: string,
  destination: Destination,
  context: SendContext,
  options: ForwardOptions,
  range: ImportRange | null = null,
): Promise<ExternalEnd> {
  const [cursor] = await sql.query<{ forwarded_through: number }>(`SELECT forwarded_through FROM imports WHERE id = $1`, [importId]);
  const queue = new PQueue({ concurrency: options.concurrency ?? 1 });
  const front = new SettledFront(range ? range.forwardedThrough : (cursor?.forwarded_through ?? 0));
  const lastRow = range?.lastRow ?? null;
  const pass = (through: number | null) => (range ? passRangeBatch(sql, importId, range.rangeNo, through) : passBatch(sql, importId, through));
  const end: ExternalEnd = { cancelled: false, failure: null };
  let error: unknown = null;
  let waiting = 0;
  const lease = await holdClaims(sql, importId);
  try {
    for (let after = front.through; end.failure === null && error === null && !end.cancelled; ) {
      await queue.onSizeLessThan(1);
      const through = await nextBatchEnd(sql, importId, after, lastRow);
      if (through === "cancelled") end.cancelled = true;
      if (through === null || through === "cancelled") break;
      const place = front.take(through);
      const from = after;
      after = through;
      queue
        .add(async () => {
          // Queued before a failure or a cancel was seen: not taken.
          if (end.failure !== null || end.cancelled) return;
          const batch = await takeBatch(sql, importId, destination.identity, from, { through });
          if (batch === "cancelled") end.cancelled = true;
          if (batch === null || batch === "cancelled") return;
          waiting += batch.waiting;
          place.complete = batch.waiting === 0;
          const failure = await deliverBatch(sql, importId, destination, batch.events, context, options);
          if (failure) end.failure ??= failure;
          else await pass(front.finish(place));
        })
        .catch((thrown: unknown) => (error ??= thrown));
    }
    await queue.onIdle();
    if (error !== null) throw error;
    if (waiting > 0 && !end.cancelled && end.failure === null) {
      Object.assign(end, await forwardWaiting(sql, importId, destination, context, options, range));
    }
    return end;
  } finally {
    lease.stop();
  }
}

/**
 * The last pass over the rows left pending because another import held their claims: taken again and
 * again, one batch at a time, until none is left, waiting a moment whenever a whole pass took nothing.
 */
async function forwardWaiting(
  sql: Sql,
  importId: string,
  destination: Destination,
  context: SendContext,
  options: ForwardOptions,
  range: ImportRange | null,
): Promise<ExternalEnd> {
  const start = range?.afterRow ?? 0;
  for (let after = start, moved = false; ; ) {
    const batch = await takeBatch(sql, importId, destination.identity, after, { pendingOnly: true, through: range?.lastRow ?? null });
    if (batch === "cancelled") return { cancelled: true, failure: null };
    if (batch === null) {
      if (after === start) return { cancelled: false, failure: null };
      if (!moved) await options.sleep(CLAIM_RECHECK_MS);
      after = start;
      moved = false;
      continue;
    }
    moved ||= batch.events.length + batch.duplicates > 0;
    const failure = await deliverBatch(sql, importId, destination, batch.events, context, options);
    if (failure) return { cancelled: false, failure };
    after = batch.lastRow;
  }
}

/**
 * Where the checkpoint may stand while batches finish out of order: the end of the run of finished
 * batches at the front, never past a batch with rows still waiting on another import's claims.
 */
class SettledFront {
  private readonly open: { lastRow: number; finished: boolean; complete: boolean }[] = [];
  private blocked = false;

  constructor(public through: number) {}

  /** A batch marked out, in order; `complete` is cleared once it is taken with rows that wait. */
  take(lastRow: number) {
    const place = { lastRow, finished: false, complete: true };
    this.open.push(place);
    return place;
  }

  /** Marks the batch finished; the new checkpoint when the front moved, else null. */
  finish(place: { finished: boolean }): number | null {
    place.finished = true;
    let moved = false;
    while (!this.blocked && this.open[0]?.finished) {
      const first = this.open.shift()!;
      if (!first.complete) {
        this.blocked = true;
        break;
      }
      this.through = first.lastRow;
      moved = true;
    }
    return moved ? this.through : null;
  }
}

/**
 * Sends one taken batch and records every event's end. A request the destination refuses as a whole
 * (one bad event can do that) is split in halves, again and again, until the bad events are alone:
 * each is rejected with the destination's words, and every other event is delivered once. Each
 * answered request is recorded (outcomes, ledger, claims) in its own transaction before the next is
 * sent, so that a crash in the middle of a split sends again only what no answer settled. The failure
 * that stops the import, or null.
 */
async function deliverBatch(
  sql: Sql,
  importId: string,
  destination: Destination,
  pending: OutboundEvent[],
  context: SendContext,
  options: ForwardOptions,
): Promise<string | null> {
  const waiting: OutboundEvent[][] = pending.length > 0 ? [pending] : [];
  let requests = 0;
  while (waiting.length > 0) {
    const events = waiting.shift()!;
    const result = await sendWithRetries(sql, importId, destination, events, context, options);
    if (result.kind !== "done") return result.reason;
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
  return null;
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
