import "server-only";
import { eventRuleFor, KLAVIYO_MAX_STRING_BYTES } from "@/lib/events/destination-rules";
import type { OutboundEvent } from "./types";

/**
 * Klaviyo's Bulk Create Events (`POST /api/event-bulk-create-jobs`, developers.klaviyo.com/en/reference/
 * bulk_create_events; its OpenAPI spec, github.com/klaviyo/openapi, openapi/stable/apis/bulk_create_events.json,
 * revision 2026-07-15): "Accepts up to 1,000 events per request. The maximum allowed payload size is
 * 5MB. A single string cannot exceed 100KB."; an event's properties "must not exceed 400 properties";
 * its time "must be after the year 2000 and can only be up to 1 year in the future".
 */
export const KLAVIYO_MAX_EVENTS_PER_REQUEST = 1_000;
export const KLAVIYO_MAX_REQUEST_BYTES = 5_000_000;
const YEAR_MS = 365 * 24 * 3_600_000;
const HOUR_MS = 3_600_000;
/** The request's JSON around its profiles' entries. */
const ENVELOPE_BYTES = JSON.stringify({ data: { type: "event-bulk-create-job", attributes: { "events-bulk-create": { data: [] } } } }).length;

const klaviyoRule = eventRuleFor("klaviyo")!;

/** One event as a bulk entry: the metric is the event's name, `unique_id` its dedup key, `backfill` unless it may start flows. */
export function klaviyoEvent(event: OutboundEvent, backfill: boolean) {
  return {
    type: "event",
    attributes: {
      properties: event.params,
      time: new Date(Math.floor(event.occurredMs / 1000) * 1000).toISOString(),
      metric: { data: { type: "metric", attributes: { name: event.eventName } } },
      unique_id: event.dedupKey,
      backfill,
    },
  };
}

/**
 * Whether Klaviyo may start flows from this event: only with Trigger campaigns on, and only for an
 * event of the trigger window, as for every destination; every other event carries the backfill flag.
 */
export function startsFlows(event: OutboundEvent, triggerCampaigns: boolean, triggerWindowHours: number, nowMs: number): boolean {
  return triggerCampaigns && event.occurredMs >= nowMs - triggerWindowHours * HOUR_MS;
}

/** Why Klaviyo would refuse this event on its own, in words a user can act on; null when it takes it. */
export function klaviyoProblem(event: OutboundEvent, nowMs: number): string | null {
  const rule = klaviyoRule(event);
  if (rule) return rule.message;
  if (event.occurredMs > nowMs + YEAR_MS) return "The event is more than a year in the future; Klaviyo takes events up to a year ahead.";
  const bytes = Buffer.byteLength(JSON.stringify(klaviyoEvent(event, true)), "utf8") + Buffer.byteLength(profileEntry(event.email, []), "utf8");
  if (bytes + ENVELOPE_BYTES >= KLAVIYO_MAX_REQUEST_BYTES) {
    return `The event takes ${(bytes / 1_000_000).toFixed(1)} MB with its parameters; Klaviyo accepts ${KLAVIYO_MAX_REQUEST_BYTES / 1_000_000} MB at most in one request.`;
  }
  const long = longestString(event.params);
  if (long > KLAVIYO_MAX_STRING_BYTES) {
    return `A parameter's text takes ${Math.ceil(long / 1000)} kB; Klaviyo accepts ${KLAVIYO_MAX_STRING_BYTES / 1000} kB at most in one text.`;
  }
  return null;
}

function longestString(value: unknown): number {
  if (typeof value === "string") return Buffer.byteLength(value, "utf8");
  if (value === null || typeof value !== "object") return 0;
  let longest = 0;
  for (const [key, inner] of Object.entries(value)) longest = Math.max(longest, Buffer.byteLength(key, "utf8"), longestString(inner));
  return longest;
}

/** One request: its events in order, and the JSON body that carries them grouped by profile. */
export type KlaviyoChunk = { events: OutboundEvent[]; body: string };

/**
 * Cuts the events into requests of at most `maxEvents` events and under 5 MB, in order, each event
 * in the entry of its profile (the email). One request never carries a `unique_id` twice for a
 * profile and metric ("the request will fail and no events will be processed"): a repeat starts the
 * next request, where Klaviyo drops it as the event it already holds.
 */
export function packKlaviyo(events: OutboundEvent[], backfillOf: (event: OutboundEvent) => boolean, maxEvents: number): KlaviyoChunk[] {
  const chunks: KlaviyoChunk[] = [];
  let profiles = new Map<string, string[]>();
  let seen = new Set<string>();
  let current: OutboundEvent[] = [];
  let bytes = ENVELOPE_BYTES;
  const close = () => {
    if (current.length > 0) chunks.push({ events: current, body: requestBody(profiles) });
    profiles = new Map();
    seen = new Set();
    current = [];
    bytes = ENVELOPE_BYTES;
  };
  for (const event of events) {
    const entry = JSON.stringify(klaviyoEvent(event, backfillOf(event)));
    const size = Buffer.byteLength(entry, "utf8") + 1;
    // Klaviyo finds a profile by its email in any case: two spellings are one profile there.
    const same = `${event.email.toLowerCase()}\n${event.eventName}\n${event.dedupKey}`;
    const profileBytes = profiles.has(event.email) ? 0 : Buffer.byteLength(profileEntry(event.email, []), "utf8") + 1;
    if (current.length >= maxEvents || seen.has(same) || (current.length > 0 && bytes + size + profileBytes >= KLAVIYO_MAX_REQUEST_BYTES)) close();
    let profile = profiles.get(event.email);
    if (!profile) {
      profile = [];
      profiles.set(event.email, profile);
      bytes += Buffer.byteLength(profileEntry(event.email, []), "utf8") + 1;
    }
    profile.push(entry);
    bytes += size;
    seen.add(same);
    current.push(event);
  }
  close();
  return chunks;
}

function profileEntry(email: string, events: string[]): string {
  return `{"type":"event-bulk-create","attributes":{"profile":{"data":{"type":"profile","attributes":{"email":${JSON.stringify(email)}}}},"events":{"data":[${events.join(",")}]}}}`;
}

function requestBody(profiles: Map<string, string[]>): string {
  const entries = [...profiles].map(([email, events]) => profileEntry(email, events));
  return `{"data":{"type":"event-bulk-create-job","attributes":{"events-bulk-create":{"data":[${entries.join(",")}]}}}}`;
}

/**
 * The events of a request in the order of its body (by profile, then as sent), so that a refusal's
 * `source.pointer` (`/data/attributes/events-bulk-create/data/2/attributes/events/data/0/…`) names one.
 */
export function eventsByPointer(chunk: KlaviyoChunk): OutboundEvent[][] {
  const byProfile = new Map<string, OutboundEvent[]>();
  for (const event of chunk.events) {
    const list = byProfile.get(event.email);
    if (list) list.push(event);
    else byProfile.set(event.email, [event]);
  }
  return [...byProfile.values()];
}
