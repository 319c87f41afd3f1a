/**
 * Offsets of IANA time zones from UTC, from the runtime's Intl data, with a cache: formatting a date
 * through Intl costs microseconds, and a million rows mostly fall into a few thousand distinct hours.
 */

const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCaches = new Map<string, Map<number, number>>();
const MAX_CACHED_HOURS = 200_000;

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function computeOffsetMs(timeZone: string, instantMs: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  let year = get("year");
  if (parts.find((p) => p.type === "era")?.value === "BC") year = 1 - year;
  const wall = Date.UTC(year, get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  const truncated = instantMs - (((instantMs % 1000) + 1000) % 1000);
  return wall - truncated;
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
export function offsetAt(timeZone: string, instantMs: number): number {
  if (timeZone === "UTC") return 0;
  let cache = offsetCaches.get(timeZone);
  if (!cache) {
    cache = new Map();
    offsetCaches.set(timeZone, cache);
  }
  const hour = Math.floor(instantMs / HOUR_MS);
  const cached = cache.get(hour);
  if (cached !== undefined) return cached;
  const start = computeOffsetMs(timeZone, hour * HOUR_MS);
  const end = computeOffsetMs(timeZone, hour * HOUR_MS + HOUR_MS - 1000);
  // An hour with a transition inside it is not cached: its offset depends on the minute.
  if (start !== end) return computeOffsetMs(timeZone, instantMs);
  if (cache.size >= MAX_CACHED_HOURS) cache.clear();
  cache.set(hour, start);
  return start;
}

/**
 * The instant at which a zone's clocks show a wall time (given as if it were UTC). A wall time that
 * happens twice (clocks turned back) is the earlier instant; one that never happens (clocks turned
 * forward) is moved forward by the gap, as calendars and the Temporal proposal do.
 */
export function wallTimeToInstant(timeZone: string, wallMs: number): number {
  if (timeZone === "UTC") return wallMs;
  const before = offsetAt(timeZone, wallMs - 86_400_000);
  const after = offsetAt(timeZone, wallMs + 86_400_000);
  const candidates: number[] = [];
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = wallMs - offset;
    if (offsetAt(timeZone, instant) === offset) candidates.push(instant);
  }
  if (candidates.length > 0) return Math.min(...candidates);
  if (before !== after) return wallMs - before;
  // No transition within a day either side, yet no fit: an offset changed twice; ask at the instant.
  return wallMs - offsetAt(timeZone, wallMs - offsetAt(timeZone, wallMs));
}
