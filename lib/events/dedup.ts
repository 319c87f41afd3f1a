import xxhash from "xxhash-wasm";
import type { EventRecord } from "./row";

/**
 * What makes two events the same one: the address (in any case), the name, the instant and the
 * parameters, in a canonical order.
 */
export function dedupMaterial(event: EventRecord): string {
  const names = Object.keys(event.params).sort();
  const params = names.map((name) => [name, event.params[name]]);
  return JSON.stringify([event.email.toLowerCase(), event.eventName, event.occurredMs, params]);
}

export type DedupHasher = (event: EventRecord) => string;

/**
 * A 128-bit key (two 64-bit xxHash digests with different seeds), as 32 hex characters. Not
 * cryptographic: nobody gains by forging a collision with their own event, and it is fast enough to
 * key a million rows in the browser.
 */
export async function loadDedupHasher(): Promise<DedupHasher> {
  const { h64 } = await xxhash();
  return (event) => {
    const material = dedupMaterial(event);
    return hex64(h64(material, 0x5eedn)) + hex64(h64(material, 0xbac4f111n));
  };
}

function hex64(value: bigint): string {
  return value.toString(16).padStart(16, "0");
}
