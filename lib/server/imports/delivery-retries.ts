import "server-only";

export type DeliveryRetry = { importId: string; attempt: number; reason: string };

const listeners = new Set<(retry: DeliveryRetry) => void>();

/**
 * Retries of the batch being delivered, for whoever waits in this process (`backfill import` shows
 * them on its progress line). In memory on purpose: they only matter while someone watches.
 */
export function onDeliveryRetry(listener: (retry: DeliveryRetry) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function noteDeliveryRetry(retry: DeliveryRetry): void {
  for (const listener of listeners) listener(retry);
}
