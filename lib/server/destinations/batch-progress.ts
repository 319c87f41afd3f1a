import "server-only";
import type { EventOutcome, OutboundEvent, SendContext } from "./types";

/**
 * The parts of a batch that a platform has already answered (a `past_events` request, one live event,
 * one size-limited request), kept between the retries of that batch so that a retry sends only what
 * is left: a platform without idempotency keys would otherwise store the answered part twice.
 *
 * In memory, per destination instance, on purpose: it only spans the retries of one batch within one
 * `send` loop. After a crash the batch is sent whole again, the one repeat the checkpoint allows.
 */
export class BatchProgress {
  private readonly batches = new Map<string, Map<string, EventOutcome[]>>();

  /** The answered parts of this batch, by part name; empty on its first attempt. */
  partsOf(batch: OutboundEvent[], context: SendContext): Map<string, EventOutcome[]> {
    const key = batchKey(batch, context);
    let parts = this.batches.get(key);
    if (!parts) {
      parts = new Map();
      this.batches.set(key, parts);
    }
    return parts;
  }

  /** The batch is settled: it will not be sent again. */
  finish(batch: OutboundEvent[], context: SendContext): void {
    this.batches.delete(batchKey(batch, context));
  }
}

function batchKey(batch: OutboundEvent[], context: SendContext): string {
  return `${context.importId}:${batch[0]?.rowNumber}-${batch.at(-1)?.rowNumber}:${batch.length}`;
}
