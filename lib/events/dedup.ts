import xxhash from "xxhash-wasm";
import type { EventRecord } from "./row";

/**
 * What makes two events the same one: the address (in any case), the name, the instant and the
 * parameters in name order. Each string is length-prefixed, so no value can imitate a separator.
 */
export function dedupMaterial(event: EventRecord): string {
  const email = event.email.toLowerCase();
  let material = `${email.length}:${email}${event.eventName.length}:${event.eventName}${event.occurredMs};`;
  const names = Object.keys(event.params);
  if (names.length > 1) names.sort();
  for (const name of names) {
    const value = event.params[name];
    material += `${name.length}:${name}${value.length}:${value}`;
  }
  return material;
}

export type DedupHasher = (event: EventRecord) => string;

/**
 * The stored dedup key: 128 bits (two 64-bit xxHash digests with different seeds) as 32 hex
 * characters, unique in the events table. See docs/decisions/001-dedup-key.md.
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

/**
 * A 64-bit fingerprint of what dedupMaterial holds, as two 32-bit halves (two multiplicative lanes
 * mixed at the end, after cyrb53), hashed straight from the event's fields without building a string:
 * for spotting repeated rows within one file without holding a string per row. A false match is
 * about one in 10⁷ for a file of a million rows, and only ever marks a row as a likely duplicate: the
 * server decides with the 128-bit key. The result is written into `out` to spare an allocation a row.
 */
export function fingerprintEvent(event: EventRecord, out: Uint32Array): void {
  lane1 = 0xdeadbeef;
  lane2 = 0x41c6ce57;
  mixString(event.email, true);
  mixString(event.eventName, false);
  mix(event.occurredMs % 0x100000000);
  mix(Math.floor(event.occurredMs / 0x100000000));
  const names = Object.keys(event.params);
  if (!isSorted(names)) names.sort();
  for (const name of names) {
    mixString(name, false);
    mixString(event.params[name], false);
  }
  out[0] = Math.imul(lane1 ^ (lane1 >>> 16), 2246822507) ^ Math.imul(lane2 ^ (lane2 >>> 13), 3266489909);
  out[1] = Math.imul(lane2 ^ (lane2 >>> 16), 2246822507) ^ Math.imul(out[0] ^ (out[0] >>> 13), 3266489909);
}

let lane1 = 0;
let lane2 = 0;

function mix(code: number): void {
  lane1 = Math.imul(lane1 ^ code, 2654435761);
  lane2 = Math.imul(lane2 ^ code, 1597334677);
}

/** Length-prefixed, so that no value can imitate the next one; ASCII lower-cased on the fly. */
function mixString(text: string, lowerCase: boolean): void {
  mix(text.length | 0x10000000);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!lowerCase || code < 65) mix(code);
    else if (code <= 90) mix(code + 32);
    else if (code < 128) mix(code);
    else return mixString(text.slice(i).toLowerCase(), false);
  }
}

function isSorted(names: string[]): boolean {
  for (let i = 1; i < names.length; i++) if (names[i - 1] > names[i]) return false;
  return true;
}
