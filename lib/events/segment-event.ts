/**
 * A Segment `track` call as Backfill sends it to the Tracking API's `/v1/batch` (Segment's "HTTP API
 * Source" page, twilio.com/docs/segment/connections/sources/catalog/libraries/server/http-api; the
 * same shape RudderStack and Jitsu take), built here so that the review can measure each event as it
 * will be sent: Segment answers 200 and drops an event over 32 KB without a word.
 */
import type { ParamValue } from "./json-params";
import type { RowIssue } from "./row";

/** "A limit of 32KB per event in the batch": read as 32,000 bytes, the stricter of the two meanings. */
export const SEGMENT_MAX_EVENT_BYTES = 32_000;
/** "The batch API endpoint accepts a maximum of 500KB per request": 500,000 bytes. */
export const SEGMENT_MAX_REQUEST_BYTES = 500_000;
/** The stand-in for an event's messageId (its 32-character dedup key) where the key is not known yet: the same length. */
const SAMPLE_MESSAGE_ID = "0".repeat(32);

export type SegmentEventInput = { email: string; eventName: string; occurredMs: number; params: Record<string, ParamValue> };

/** The `track` call: `userId` the email, `messageId` the dedup key (Segment's dedup), the row's time as ISO 8601. */
export function segmentTrackCall(event: SegmentEventInput, messageId: string) {
  return {
    type: "track",
    event: event.eventName,
    userId: event.email,
    properties: event.params,
    timestamp: new Date(event.occurredMs).toISOString(),
    messageId,
  };
}

const encoder = new TextEncoder();

/** The call's size in bytes of UTF-8, as it goes into the batch. */
export function segmentCallBytes(call: ReturnType<typeof segmentTrackCall>): number {
  return encoder.encode(JSON.stringify(call)).length;
}

/** Why Segment would drop this event, in words a user can act on; null when it takes it. */
export function segmentEventProblem(event: SegmentEventInput): RowIssue | null {
  const bytes = segmentCallBytes(segmentTrackCall(event, SAMPLE_MESSAGE_ID));
  if (bytes <= SEGMENT_MAX_EVENT_BYTES) return null;
  return {
    field: "row",
    message: `The event takes ${Math.ceil(bytes / 1000)} kB with its parameters; Segment accepts ${SEGMENT_MAX_EVENT_BYTES / 1000} kB at most and drops a larger one without saying so.`,
  };
}
