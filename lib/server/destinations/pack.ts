import "server-only";
import type { OutboundEvent } from "./types";

/** One request's worth of a batch: its events, and each encoded as it goes into the request. */
export type Pack = { events: OutboundEvent[]; entries: string[] };

export type PackLimits = {
  /** An entry larger than this is not sent: it comes back in `oversized`. */
  maxEntryBytes: number;
  /** A request stays at or under this, its opening and closing included. */
  maxRequestBytes: number;
  /** The bytes of the request around its entries (`{"batch":[` and `]}`, `[` and `]`). */
  overheadBytes: number;
};

/**
 * Cuts a batch's encoded entries into requests within a platform's size limits, in order, one comma
 * between two entries; an entry over its own limit comes back apart, with its size.
 */
export function packBySize(
  events: OutboundEvent[],
  encode: (event: OutboundEvent) => string,
  limits: PackLimits,
): { packs: Pack[]; oversized: { event: OutboundEvent; bytes: number }[] } {
  const packs: Pack[] = [];
  const oversized: { event: OutboundEvent; bytes: number }[] = [];
  let current: Pack = { events: [], entries: [] };
  let bytes = limits.overheadBytes;
  for (const event of events) {
    const entry = encode(event);
    const size = Buffer.byteLength(entry, "utf8");
    if (size > limits.maxEntryBytes) {
      oversized.push({ event, bytes: size });
      continue;
    }
    if (current.entries.length > 0 && bytes + 1 + size > limits.maxRequestBytes) {
      packs.push(current);
      current = { events: [], entries: [] };
      bytes = limits.overheadBytes;
    }
    bytes += (current.entries.length > 0 ? 1 : 0) + size;
    current.events.push(event);
    current.entries.push(entry);
  }
  if (current.entries.length > 0) packs.push(current);
  return { packs, oversized };
}

/** The name under which a request's answer is remembered between the retries of its batch. */
export function packName(pack: Pack): string {
  return `rows:${pack.events[0].rowNumber}-${pack.events.at(-1)!.rowNumber}`;
}
