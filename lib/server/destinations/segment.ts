import "server-only";
import { eventRuleFor } from "@/lib/events/destination-rules";
import { SEGMENT_MAX_EVENT_BYTES, SEGMENT_MAX_REQUEST_BYTES, segmentTrackCall } from "@/lib/events/segment-event";
import { BatchProgress } from "./batch-progress";
import { basicAuth, callPlatform, DEFAULT_TIMEOUT_MS, joinUrl, refusalReason, refusesContent, type HttpOutcome } from "./http";
import { destinationIdentity } from "./identity";
import { packBySize, packName } from "./pack";
import type { RequestBudget } from "./request-budget";
import { type ConnectionCheck, type Destination, doneWith, type EventOutcome, type OutboundEvent, type RefusedRequest, type SendResult, setAsideRefused } from "./types";

/**
 * Segment's Tracking API (twilio.com/docs/segment/connections/sources/catalog/libraries/server/http-api):
 * `POST /v1/batch` with Basic auth, the source's write key as user name and an empty password; at most
 * 500 KB a request and 32 KB an event. It answers 200 to everything but a too large or malformed
 * request (400), and drops a larger event without a word, so Backfill never sends one. RudderStack's
 * and Jitsu's compatible endpoints take the same request at their own base URL.
 */
export const SEGMENT_LABEL = "Segment";
const BATCH_OPEN = '{"batch":[';
const BATCH_CLOSE = "]}";

export type SegmentConfig = {
  baseUrl: string;
  writeKey: string;
  timeoutMs?: number;
  /** The source's shared request budget, by the destination's identity. */
  budgetOf?: (identity: string) => RequestBudget;
};

const segmentRule = eventRuleFor("segment")!;

const encode = (event: OutboundEvent) => JSON.stringify(segmentTrackCall(event, event.dedupKey));

/** Segment's words in a refusal: `message` or `error` of its JSON, else the body as it is. */
function explain(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; error?: unknown };
    const words = [parsed.message, parsed.error].find((value) => typeof value === "string");
    if (typeof words === "string") return words;
  } catch {
    // Not JSON: the body is the reason.
  }
  return body;
}

function request(config: SegmentConfig, body: string, budget?: RequestBudget): Promise<HttpOutcome> {
  return callPlatform(SEGMENT_LABEL, {
    method: "POST",
    url: joinUrl(config.baseUrl, "/v1/batch"),
    headers: { Authorization: basicAuth(config.writeKey, ""), "Content-Type": "application/json", Accept: "application/json" },
    body,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    budget,
  });
}

/**
 * Sends a batch as `track` calls, as many requests as its size needs, each event with its dedup key
 * as `messageId` (Segment's dedup). An event Segment would drop is rejected without being sent; a
 * 400 is split by the forwarder to find the event at fault; 429, 5xx and timeouts ask for the batch
 * again, and the requests already answered are not sent twice. Never throws.
 */
export function segmentDestination(config: SegmentConfig): Destination {
  const progress = new BatchProgress();
  // The write key names the source; whoever holds it writes there.
  const identity = destinationIdentity("segment", config.baseUrl, config.writeKey);
  const budget = config.budgetOf?.(identity);
  return {
    label: SEGMENT_LABEL,
    identity,
    async send(batch, context): Promise<SendResult> {
      const parts = progress.partsOf(batch, context);
      const { outcomes, sendable } = setAsideRefused(batch, SEGMENT_LABEL, (event) => segmentRule(event)?.message ?? null);
      const { packs, oversized } = packBySize(sendable, encode, {
        maxEntryBytes: SEGMENT_MAX_EVENT_BYTES,
        maxRequestBytes: SEGMENT_MAX_REQUEST_BYTES,
        overheadBytes: BATCH_OPEN.length + BATCH_CLOSE.length,
      });
      for (const { event, bytes } of oversized) {
        const reason = `Not sent to Segment: the event takes ${Math.ceil(bytes / 1000)} kB with its parameters; Segment accepts ${SEGMENT_MAX_EVENT_BYTES / 1000} kB at most.`;
        outcomes.set(event.rowNumber, { rowNumber: event.rowNumber, state: "rejected", reason });
      }
      const refused: RefusedRequest[] = [];
      for (const pack of packs) {
        const part = packName(pack);
        if (!parts.has(part)) {
          const answer = await request(config, `${BATCH_OPEN}${pack.entries.join(",")}${BATCH_CLOSE}`, budget);
          if (answer.kind === "retry" || answer.kind === "failed") return answer;
          const reason = answer.kind === "refused" ? refusalReason(SEGMENT_LABEL, answer.status, explain(answer.body)) : "";
          if (answer.kind === "refused" && refusesContent(answer.status)) {
            refused.push({ events: pack.events, reason });
            continue;
          }
          parts.set(part, pack.events.map((event): EventOutcome =>
            answer.kind === "taken" ? { rowNumber: event.rowNumber, state: "delivered" } : { rowNumber: event.rowNumber, state: "rejected", reason }));
        }
        for (const outcome of parts.get(part)!) outcomes.set(outcome.rowNumber, outcome);
      }
      progress.finish(batch, context);
      return doneWith(batch, outcomes, refused);
    },
    testConnection: () => testSegmentConnection(config),
  };
}

/**
 * An empty batch, which adds nothing: proves the address answers and takes the write key. Segment
 * itself takes any key this way, so the message says where to look for the events.
 */
export async function testSegmentConnection(config: SegmentConfig): Promise<ConnectionCheck> {
  const answer = await request(config, `${BATCH_OPEN}${BATCH_CLOSE}`);
  if (answer.kind === "retry") return { ok: false, message: `${answer.reason} at ${config.baseUrl}; try again later.` };
  if (answer.kind === "failed") return { ok: false, message: answer.reason };
  if (answer.kind === "refused" && (answer.status === 401 || answer.status === 403)) {
    return { ok: false, message: `${SEGMENT_LABEL} did not accept the write key (${answer.status}). Check SEGMENT_WRITE_KEY.` };
  }
  if (answer.kind === "refused") return { ok: false, message: refusalReason(SEGMENT_LABEL, answer.status, explain(answer.body)) };
  return {
    ok: true,
    message: `Connected to ${new URL(config.baseUrl).host}: it took an empty batch with this write key. Segment takes unknown keys too: after a first small import, check that its events reach the source's debugger.`,
  };
}
