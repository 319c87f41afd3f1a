import "server-only";
import { BatchProgress } from "./batch-progress";
import { destinationIdentity } from "./identity";
import type { RequestBudget } from "./request-budget";
import { callPlatform, DEFAULT_TIMEOUT_MS, eventRefusalReason, joinUrl, refusalReason, refusesContent, type HttpOutcome } from "./http";
import { eventsByPointer, klaviyoProblem, packKlaviyo, startsFlows, KLAVIYO_MAX_EVENTS_PER_REQUEST, type KlaviyoChunk } from "./klaviyo-payload";
import { doneWith, type ConnectionCheck, type Destination, type EventOutcome, type OutboundEvent, type RefusedRequest, type SendResult } from "./types";

export const KLAVIYO_LABEL = "Klaviyo";
/**
 * The API revision every request names (the `revision` header is required): the newest general
 * release whose Bulk Create Events documents the `backfill` flag (github.com/klaviyo/openapi, main).
 */
export const KLAVIYO_REVISION = "2026-07-15";
const JSON_API = "application/vnd.api+json";
const JOBS_PATH = "/api/event-bulk-create-jobs";
/** A refusal that names its events is answered by sending the rest again; past this many rounds, the rest is split. */
const MAX_ROUNDS = 20;

export type KlaviyoConfig = {
  baseUrl: string;
  apiKey: string;
  triggerWindowHours: number;
  /** Events a request carries: Klaviyo takes 1,000, Backfill's batches hold 500. */
  maxEventsPerRequest?: number;
  timeoutMs?: number;
  now?: () => number;
  /** The account's shared request budget, by the destination's identity. */
  budgetOf?: (identity: string) => RequestBudget;
};

type ApiError = { title?: string; detail?: string; code?: string; source?: { pointer?: string } };

/** Klaviyo explains a refusal the JSON:API way: `{"errors":[{"code","title","detail","source":{"pointer"}}]}`. */
function errorsIn(body: string): ApiError[] {
  try {
    const { errors } = JSON.parse(body) as { errors?: unknown };
    return Array.isArray(errors) ? (errors as ApiError[]) : [];
  } catch {
    return [];
  }
}

/** An error's title and detail, as Klaviyo words them ("Invalid input. The metric name is too long."). */
function wordsOf(error: ApiError): string {
  const words = [error.title, error.detail].filter((part): part is string => typeof part === "string" && part.length > 0);
  return [...new Set(words)].join(" ") || error.code || "no reason given";
}

/** A refusal in Klaviyo's words rather than its JSON; a body that is not JSON:API as it is. */
function explain(body: string): string {
  const errors = errorsIn(body);
  return errors.length > 0 ? errors.map(wordsOf).join("; ") : body;
}

const POINTER = /^\/data\/attributes\/events-bulk-create\/data\/(\d+)(?:\/attributes\/(?:events\/data\/(\d+)|profile)(?:\/|$)|$)/;

/**
 * The events a 400 names by `source.pointer`, each with Klaviyo's words: one event, or every event
 * of the profile the pointer names. A refusal without such a pointer names none.
 */
function namedEvents(chunk: KlaviyoChunk, body: string): Map<number, string> {
  const profiles = eventsByPointer(chunk);
  const named = new Map<number, string>();
  for (const error of errorsIn(body)) {
    const match = POINTER.exec(error.source?.pointer ?? "");
    const profile = match ? profiles[Number(match[1])] : undefined;
    if (!profile) continue;
    const events = match![2] === undefined ? profile : [profile[Number(match![2])]].filter(Boolean);
    for (const event of events) if (!named.has(event.rowNumber)) named.set(event.rowNumber, eventRefusalReason(KLAVIYO_LABEL, wordsOf(error)));
  }
  return named;
}

function request(config: KlaviyoConfig, method: "GET" | "POST", path: string, body?: string, budget?: RequestBudget): Promise<HttpOutcome> {
  return callPlatform(KLAVIYO_LABEL, {
    method,
    url: joinUrl(config.baseUrl, path),
    headers: {
      Authorization: `Klaviyo-API-Key ${config.apiKey}`,
      Accept: JSON_API,
      revision: KLAVIYO_REVISION,
      ...(body === undefined ? {} : { "Content-Type": JSON_API }),
    },
    body,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    budget,
  });
}

const settled = (events: OutboundEvent[], state: EventOutcome): EventOutcome[] => events.map((event) => ({ ...state, rowNumber: event.rowNumber }));

/**
 * Sends a batch through Bulk Create Events, as many jobs as its size needs, each event with its
 * `unique_id` (the dedup key: Klaviyo drops a repeat) and, unless it may start flows, the backfill
 * flag. A 202 is the end of it: Klaviyo documents no status nor errors to read back for this job,
 * and reports what it refuses in the answer itself. A 400 whose pointers name events rejects those
 * with Klaviyo's words and sends the rest again (Klaviyo processed none of that request); one that
 * names none is split by the forwarder. 429, 5xx and timeouts ask for the batch again, and the
 * requests already answered are not sent twice. Never throws.
 */
export function klaviyoDestination(config: KlaviyoConfig): Destination {
  const progress = new BatchProgress();
  // A private key belongs to one account; a new key starts a new ledger, as with Yespo.
  const identity = destinationIdentity("klaviyo", config.baseUrl, config.apiKey);
  const budget = config.budgetOf?.(identity);
  const now = config.now ?? Date.now;
  const maxEvents = Math.min(config.maxEventsPerRequest ?? KLAVIYO_MAX_EVENTS_PER_REQUEST, KLAVIYO_MAX_EVENTS_PER_REQUEST);
  return {
    label: KLAVIYO_LABEL,
    identity,
    async send(batch, context): Promise<SendResult> {
      const parts = progress.partsOf(batch, context);
      const nowMs = now();
      const outcomes = new Map<number, EventOutcome>();
      for (const answered of parts.values()) for (const outcome of answered) outcomes.set(outcome.rowNumber, outcome);
      let pending: OutboundEvent[] = [];
      for (const event of batch) {
        if (outcomes.has(event.rowNumber)) continue;
        const problem = klaviyoProblem(event, nowMs);
        if (problem) outcomes.set(event.rowNumber, { rowNumber: event.rowNumber, state: "rejected", reason: `Not sent to Klaviyo: ${problem}` });
        else pending.push(event);
      }
      const backfillOf = (event: OutboundEvent) => !startsFlows(event, context.triggerCampaigns, config.triggerWindowHours, nowMs);
      const refused: RefusedRequest[] = [];
      for (let round = 1; pending.length > 0; round++) {
        const again: OutboundEvent[] = [];
        for (const chunk of packKlaviyo(pending, backfillOf, maxEvents)) {
          const part = `rows:${chunk.events[0].rowNumber}-${chunk.events.at(-1)!.rowNumber}:${chunk.events.length}`;
          const answer = await request(config, "POST", JOBS_PATH, chunk.body, budget);
          if (answer.kind === "retry" || answer.kind === "failed") return answer;
          const reason = answer.kind === "refused" ? refusalReason(KLAVIYO_LABEL, answer.status, explain(answer.body)) : "";
          const named = answer.kind === "refused" && refusesContent(answer.status) ? namedEvents(chunk, answer.body) : new Map<number, string>();
          if (answer.kind === "taken") parts.set(part, settled(chunk.events, { rowNumber: 0, state: "delivered" }));
          else if (!refusesContent(answer.status)) parts.set(part, settled(chunk.events, { rowNumber: 0, state: "rejected", reason }));
          else if (named.size === 0 || round >= MAX_ROUNDS) {
            // Refused as a whole for a reason no pointer ties to an event: the forwarder splits it.
            refused.push({ events: chunk.events, reason });
            continue;
          } else {
            parts.set(part, [...named].map(([rowNumber, words]): EventOutcome => ({ rowNumber, state: "rejected", reason: words })));
            again.push(...chunk.events.filter((event) => !named.has(event.rowNumber)));
          }
          for (const outcome of parts.get(part)!) outcomes.set(outcome.rowNumber, outcome);
        }
        pending = again;
      }
      progress.finish(batch, context);
      return doneWith(batch, outcomes, refused);
    },
    testConnection: () => testKlaviyoConnection(config),
  };
}

/** `GET /api/accounts` (Get Accounts, scope accounts:read): proves the key without changing anything. */
export async function testKlaviyoConnection(config: KlaviyoConfig): Promise<ConnectionCheck> {
  const answer = await request(config, "GET", "/api/accounts");
  if (answer.kind === "retry") return { ok: false, message: `${answer.reason} at ${config.baseUrl}; try again later.` };
  if (answer.kind === "failed") return { ok: false, message: answer.reason };
  if (answer.kind === "refused" && answer.status === 401) {
    return { ok: false, message: "Klaviyo did not accept the API key (401). Check KLAVIYO_API_KEY: it must be a private API key." };
  }
  if (answer.kind === "refused" && answer.status === 403) {
    return {
      ok: false,
      message: "Klaviyo accepted the API key but refused to show the account (403). Give the key the accounts:read scope for this test, and events:write, which every import needs.",
    };
  }
  if (answer.kind === "refused") return { ok: false, message: refusalReason(KLAVIYO_LABEL, answer.status, explain(answer.body)) };
  let name: unknown;
  let test = false;
  try {
    const { data } = JSON.parse(answer.body) as { data?: { id?: string; attributes?: { test_account?: boolean; contact_information?: { organization_name?: string } } }[] };
    name = data?.[0]?.attributes?.contact_information?.organization_name ?? data?.[0]?.id;
    test = data?.[0]?.attributes?.test_account === true;
  } catch {
    // The key was accepted all the same.
  }
  const which = typeof name === "string" ? ` (account ${name}${test ? ", a test account" : ""})` : "";
  return { ok: true, message: `Connected to Klaviyo${which}.` };
}
