import "server-only";
import { createHash } from "node:crypto";
import { eventRuleFor, isReservedColumn } from "@/lib/events/destination-rules";
import { BatchProgress } from "./batch-progress";
import { destinationIdentity } from "./identity";
import type { RequestBudget } from "./request-budget";
import { basicAuth, callPlatform, DEFAULT_TIMEOUT_MS, eventRefusalReason, joinUrl, refusalReason, refusesContent, type HttpOutcome } from "./http";
import { type ConnectionCheck, type Destination, doneWith, type EventOutcome, type OutboundEvent, type RefusedRequest, type SendContext, type SendResult, setAsideRefused } from "./types";
import { CUSTOMERIO_MAX_EVENT_BYTES } from "@/lib/events/parameter-limits";

export const CUSTOMERIO_LABEL = "Customer.io";
/** Track API v2 `/batch`: a request must be smaller than 500 kB, each entry in it 32 kB or smaller. */
export const CUSTOMERIO_MAX_REQUEST_BYTES = 500_000;
const BATCH_OPEN = '{"batch":[';
const BATCH_CLOSE = "]}";
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export type CustomerioConfig = {
  baseUrl: string;
  siteId: string;
  apiKey: string;
  timeoutMs?: number;
  /** The account's shared request budget, by the destination's identity. */
  budgetOf?: (identity: string) => RequestBudget;
};

/**
 * The event's id: a ULID whose time is the event's and whose randomness is 80 bits of a hash of its
 * dedup key, so that the same event always gets the same id and Customer.io ignores a repeat.
 */
export function eventUlid(event: OutboundEvent): string {
  let time = Math.max(0, Math.floor(event.occurredMs));
  let head = "";
  for (let i = 0; i < 10; i++) {
    head = CROCKFORD[time % 32] + head;
    time = Math.floor(time / 32);
  }
  let random = BigInt(`0x${createHash("sha256").update(event.dedupKey).digest("hex").slice(0, 20)}`);
  let tail = "";
  for (let i = 0; i < 16; i++) {
    tail = CROCKFORD[Number(random & 31n)] + tail;
    random >>= 5n;
  }
  return head + tail;
}

export function customerioEntry(event: OutboundEvent) {
  return {
    type: "person",
    identifiers: { email: event.email },
    action: "event",
    id: eventUlid(event),
    name: event.eventName,
    timestamp: Math.floor(event.occurredMs / 1000),
    attributes: event.params,
  };
}

type Chunk = { events: OutboundEvent[]; entries: string[] };

const customerioRule = eventRuleFor("customerio")!;

/**
 * Why this event is not sent: Customer.io's limit on names, or a reserved attribute (`recipient`,
 * …, which would redirect the emails the event triggers) that the import did not record as kept on
 * purpose. Being among the import's parameters is not enough: the command line once put every column there.
 */
function problemOf(event: OutboundEvent, context: SendContext): string | null {
  const rule = customerioRule(event);
  if (rule) return rule.message;
  const kept = new Set(context.keptReserved ?? []);
  const reserved = Object.keys(event.params).find((name) => isReservedColumn("customerio", name) && !kept.has(name));
  return reserved
    ? `The parameter \`${reserved}\` would change where the emails this event triggers are sent, and the import did not keep it on purpose.`
    : null;
}

/** Cuts the encoded entries into requests smaller than the limit, in order; entries over 32 kB come back apart. */
export function packEntries(events: OutboundEvent[]): { chunks: Chunk[]; oversized: { event: OutboundEvent; bytes: number }[] } {
  const chunks: Chunk[] = [];
  const oversized: { event: OutboundEvent; bytes: number }[] = [];
  let current: Chunk = { events: [], entries: [] };
  let bytes = BATCH_OPEN.length + BATCH_CLOSE.length;
  for (const event of events) {
    const entry = JSON.stringify(customerioEntry(event));
    const size = Buffer.byteLength(entry, "utf8");
    if (size > CUSTOMERIO_MAX_EVENT_BYTES) {
      oversized.push({ event, bytes: size });
      continue;
    }
    if (current.entries.length > 0 && bytes + 1 + size >= CUSTOMERIO_MAX_REQUEST_BYTES) {
      chunks.push(current);
      current = { events: [], entries: [] };
      bytes = BATCH_OPEN.length + BATCH_CLOSE.length;
    }
    bytes += (current.entries.length > 0 ? 1 : 0) + size;
    current.events.push(event);
    current.entries.push(entry);
  }
  if (current.entries.length > 0) chunks.push(current);
  return { chunks, oversized };
}

type ApiError = { batch_index?: number; reason?: string; field?: string; message?: string };

/** Customer.io explains a refusal as `{"errors":[{"reason","field","message"}]}`. */
function errorsIn(body: string): ApiError[] {
  try {
    const { errors } = JSON.parse(body) as { errors?: unknown };
    return Array.isArray(errors) ? (errors as ApiError[]) : [];
  } catch {
    return [];
  }
}

function wordsOf(error: ApiError): string {
  return [error.field, error.message ?? error.reason].filter(Boolean).join(": ") || "no reason given";
}

/**
 * A refusal in Customer.io's words rather than its JSON (`errors`, or `meta.error`), a plain-text body
 * as it is; when it is about identifying people by email, what to change in the workspace.
 */
function explain(body: string): string {
  const words = wordsOfBody(body);
  return /identifier/i.test(words) && /enabl/i.test(words)
    ? `${words} (Email must be enabled as an identifier in the Customer.io workspace's settings, or every event is refused.)`
    : words;
}

function wordsOfBody(body: string): string {
  const errors = errorsIn(body);
  if (errors.length > 0) return errors.map(wordsOf).join("; ");
  try {
    const { meta } = JSON.parse(body) as { meta?: { error?: unknown } };
    if (typeof meta?.error === "string") return meta.error;
  } catch {
    // Not JSON: the body is the reason.
  }
  return body;
}

/** A 207 names the entries it refused by their index in the request; the others were taken. */
function outcomesOf(chunk: Chunk, answer: Extract<HttpOutcome, { kind: "taken" }>): EventOutcome[] {
  const refused = new Map<number, string>();
  for (const error of answer.status === 207 ? errorsIn(answer.body) : []) {
    if (typeof error.batch_index === "number") refused.set(error.batch_index, eventRefusalReason(CUSTOMERIO_LABEL, wordsOf(error)));
  }
  return chunk.events.map((event, index): EventOutcome => {
    const reason = refused.get(index);
    return reason === undefined ? { rowNumber: event.rowNumber, state: "delivered" } : { rowNumber: event.rowNumber, state: "rejected", reason };
  });
}

function request(config: CustomerioConfig, method: "GET" | "POST", path: string, body?: string, budget?: RequestBudget): Promise<HttpOutcome> {
  return callPlatform(CUSTOMERIO_LABEL, {
    method,
    url: joinUrl(config.baseUrl, path),
    headers: {
      Authorization: basicAuth(config.siteId, config.apiKey),
      Accept: "application/json",
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    budget,
  });
}

/**
 * Sends a batch through the Track API v2 `/batch`, as many requests as its size needs. Each event
 * carries its Unix `timestamp` and a deterministic id, so a repeat is dropped by Customer.io. An event
 * over 32 kB is rejected without being sent; a 4xx rejects the request's events with Customer.io's
 * words; 429, 5xx and timeouts ask for the batch again, and the requests already answered are not
 * sent twice. Never throws.
 */
export function customerioDestination(config: CustomerioConfig): Destination {
  const progress = new BatchProgress();
  // The site id names the workspace; the API key may be rotated without changing what it holds.
  const identity = destinationIdentity("customerio", config.baseUrl, config.siteId);
  const budget = config.budgetOf?.(identity);
  return {
    label: CUSTOMERIO_LABEL,
    identity,
    async send(batch, context): Promise<SendResult> {
      const parts = progress.partsOf(batch, context);
      const { outcomes, sendable } = setAsideRefused(batch, CUSTOMERIO_LABEL, (event) => problemOf(event, context));
      const { chunks, oversized } = packEntries(sendable);
      for (const { event, bytes } of oversized) {
        const reason = `Not sent to Customer.io: the event takes ${Math.ceil(bytes / 1000)} kB with its parameters; Customer.io accepts ${CUSTOMERIO_MAX_EVENT_BYTES / 1000} kB at most.`;
        outcomes.set(event.rowNumber, { rowNumber: event.rowNumber, state: "rejected", reason });
      }
      const refused: RefusedRequest[] = [];
      for (const chunk of chunks) {
        const part = `rows:${chunk.events[0].rowNumber}-${chunk.events.at(-1)!.rowNumber}`;
        if (!parts.has(part)) {
          const answer = await request(config, "POST", "/api/v2/batch", `${BATCH_OPEN}${chunk.entries.join(",")}${BATCH_CLOSE}`, budget);
          if (answer.kind === "retry" || answer.kind === "failed") return answer;
          if (answer.kind === "taken") parts.set(part, outcomesOf(chunk, answer));
          else if (!refusesContent(answer.status)) {
            const reason = refusalReason(CUSTOMERIO_LABEL, answer.status, explain(answer.body));
            parts.set(part, chunk.events.map((event) => ({ rowNumber: event.rowNumber, state: "rejected", reason })));
          } else {
            // A 400 refuses the whole request ("Invalid Track API Requests"): the forwarder splits it.
            refused.push({ events: chunk.events, reason: refusalReason(CUSTOMERIO_LABEL, answer.status, explain(answer.body)) });
            continue;
          }
        }
        for (const outcome of parts.get(part)!) outcomes.set(outcome.rowNumber, outcome);
      }
      progress.finish(batch, context);
      return doneWith(batch, outcomes, refused);
    },
    testConnection: () => testCustomerioConnection(config),
  };
}

/** `GET /api/v1/accounts/region`: proves the Site ID and key, and says whether the region is the configured one. */
export async function testCustomerioConnection(config: CustomerioConfig): Promise<ConnectionCheck> {
  const answer = await request(config, "GET", "/api/v1/accounts/region");
  if (answer.kind === "retry") return { ok: false, message: `${answer.reason} at ${config.baseUrl}; try again later.` };
  if (answer.kind === "failed") return { ok: false, message: answer.reason };
  if (answer.kind === "refused" && answer.status === 401) {
    return { ok: false, message: "Customer.io did not accept the Site ID and API key (401). Check CUSTOMERIO_SITE_ID and CUSTOMERIO_API_KEY." };
  }
  if (answer.kind === "refused") return { ok: false, message: refusalReason(CUSTOMERIO_LABEL, answer.status, explain(answer.body)) };
  let region: { url?: unknown; region?: unknown; environment_id?: unknown } = {};
  try {
    region = JSON.parse(answer.body) as typeof region;
  } catch {
    // Credentials were accepted all the same.
  }
  const where = typeof region.region === "string" ? ` (region ${region.region.toUpperCase()}, workspace ${String(region.environment_id)})` : "";
  const elsewhere = typeof region.url === "string" && new URL(region.url).host !== new URL(config.baseUrl).host;
  const advice = elsewhere ? ` Your workspace's region answers at ${region.url}: set CUSTOMERIO_BASE_URL to it.` : "";
  return { ok: true, message: `Connected to Customer.io${where}.${advice}` };
}
