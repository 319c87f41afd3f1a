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
 * The moment key: the address (in any case), the name and the instant, without the parameters, hashed
 * as the dedup key is. Two events with one moment key and two dedup keys are one event sent again with
 * other values (a row fixed in review, imported again): see docs/decisions/016-same-moment-other-values.md.
 */
export async function loadMomentHasher(): Promise<DedupHasher> {
  const { h64 } = await xxhash();
  return (event) => {
    const email = event.email.toLowerCase();
    const material = `moment;${email.length}:${email}${event.eventName.length}:${event.eventName}${event.occurredMs};`;
    return hex64(h64(material, 0x5eedn)) + hex64(h64(material, 0xbac4f111n));
  };
}

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
  lanes[0] = 0xdeadbeef;
  lanes[1] = 0x41c6ce57;
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
  const lane1 = lanes[0];
  const lane2 = lanes[1];
  out[0] = Math.imul(lane1 ^ (lane1 >>> 16), 2246822507) ^ Math.imul(lane2 ^ (lane2 >>> 13), 3266489909);
  out[1] = Math.imul(lane2 ^ (lane2 >>> 16), 2246822507) ^ Math.imul(out[0] ^ (out[0] >>> 13), 3266489909);
}

/**
 * The two lanes between calls, in a typed array: the loops below keep them in local variables, which
 * engines optimise far better than module-level variables written once per character (in Chromium's
 * worker that cost four times the hashing itself).
 */
const lanes = new Int32Array(2);

function mix(code: number): void {
  lanes[0] = Math.imul(lanes[0] ^ code, 2654435761);
  lanes[1] = Math.imul(lanes[1] ^ code, 1597334677);
}

/** Length-prefixed, so that no value can imitate the next one; ASCII lower-cased on the fly. */
function mixString(text: string, lowerCase: boolean): void {
  let lane1 = Math.imul(lanes[0] ^ (text.length | 0x10000000), 2654435761);
  let lane2 = Math.imul(lanes[1] ^ (text.length | 0x10000000), 1597334677);
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (lowerCase && code >= 65) {
      if (code <= 90) code += 32;
      else if (code >= 128) {
        lanes[0] = lane1;
        lanes[1] = lane2;
        return mixString(text.slice(i).toLowerCase(), false);
      }
    }
    lane1 = Math.imul(lane1 ^ code, 2654435761);
    lane2 = Math.imul(lane2 ^ code, 1597334677);
  }
  lanes[0] = lane1;
  lanes[1] = lane2;
}

function isSorted(names: string[]): boolean {
  for (let i = 1; i < names.length; i++) if (names[i - 1] > names[i]) return false;
  return true;
}

/** The two keys staging stores for every valid row. */
export type StagingHashers = { dedup: DedupHasher; moment: DedupHasher };

export async function loadStagingHashers(): Promise<StagingHashers> {
  const [dedup, moment] = await Promise.all([loadDedupHasher(), loadMomentHasher()]);
  return { dedup, moment };
}
