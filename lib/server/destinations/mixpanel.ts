import "server-only";
import { eventRuleFor } from "@/lib/events/destination-rules";
import { MIXPANEL_MAX_EVENT_BYTES, mixpanelEvent, mixpanelInsertId } from "@/lib/events/mixpanel-event";
import { BatchProgress } from "./batch-progress";
import { basicAuth, callPlatform, DEFAULT_TIMEOUT_MS, eventRefusalReason, joinUrl, refusalReason, refusesContent, type HttpOutcome } from "./http";
import { destinationIdentity } from "./identity";
import { packBySize, packName, type Pack } from "./pack";
import type { RequestBudget } from "./request-budget";
import { type ConnectionCheck, type Destination, doneWith, type EventOutcome, type OutboundEvent, type RefusedRequest, type SendResult, setAsideRefused } from "./types";

/**
 * Mixpanel's `/import` ("Import Events", docs.mixpanel.com/reference/import-events): a JSON array of
 * events, with `strict=1` so that each event is validated and the failed ones named; the project
 * token as the Basic user name with an empty password (the page's "Project Token" authentication,
 * which needs no service account); up to 2,000 events and, read strictly (the page has said 2 MB
 * and 10 MB), 2 MB a request. A 400 with `failed_records` ("400 Bad Request",
 * docs.mixpanel.com/troubleshooting/errors/400-bad-request) is a partial success: those events are
 * refused, the others imported.
 */
export const MIXPANEL_LABEL = "Mixpanel";
export const MIXPANEL_MAX_REQUEST_BYTES = 2_000_000;

export type MixpanelConfig = {
  baseUrl: string;
  projectToken: string;
  timeoutMs?: number;
  /** The project's shared request budget, by the destination's identity. */
  budgetOf?: (identity: string) => RequestBudget;
};

const mixpanelRule = eventRuleFor("mixpanel")!;
const encode = (event: OutboundEvent) => JSON.stringify(mixpanelEvent(event, event.dedupKey));

type FailedRecord = { index?: unknown; insert_id?: unknown; $insert_id?: unknown; field?: unknown; message?: unknown };
type Answer = { error?: unknown; failed_records?: unknown };

function answerOf(body: string): Answer {
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed !== null && typeof parsed === "object" ? (parsed as Answer) : {};
  } catch {
    return {};
  }
}

/** Mixpanel's words for a refused request: its `error`, else the body as it is. */
function explain(body: string): string {
  const { error } = answerOf(body);
  return typeof error === "string" ? error : body;
}

function wordsOf(record: FailedRecord): string {
  const words = [record.field, record.message].filter((part): part is string => typeof part === "string" && part !== "");
  return words.join(": ") || "no reason given";
}

/**
 * The events a 400 names in `failed_records`, by their index in the request (or their insert id),
 * with Mixpanel's words; null when the 400 names none, and so refuses the request as a whole.
 */
function failedIn(pack: Pack, body: string): Map<number, string> | null {
  const records = answerOf(body).failed_records;
  if (!Array.isArray(records) || records.length === 0) return null;
  const byInsertId = new Map(pack.events.map((event, index) => [mixpanelInsertId(event.dedupKey), index]));
  const failed = new Map<number, string>();
  for (const record of records as FailedRecord[]) {
    const insertId = typeof record.insert_id === "string" ? record.insert_id : record.$insert_id;
    const index = typeof record.index === "number" ? record.index : typeof insertId === "string" ? byInsertId.get(insertId) : undefined;
    if (index !== undefined && pack.events[index]) failed.set(index, eventRefusalReason(MIXPANEL_LABEL, wordsOf(record)));
  }
  return failed.size > 0 ? failed : null;
}

function request(config: MixpanelConfig, body: string, budget?: RequestBudget): Promise<HttpOutcome> {
  return callPlatform(MIXPANEL_LABEL, {
    method: "POST",
    url: joinUrl(config.baseUrl, "/import?strict=1"),
    headers: { Authorization: basicAuth(config.projectToken, ""), "Content-Type": "application/json", Accept: "application/json" },
    body,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    budget,
  });
}

/** What one answered request came to for its events; null when the forwarder must split it. */
function outcomesOf(pack: Pack, answer: Extract<HttpOutcome, { kind: "taken" | "refused" }>): EventOutcome[] | null {
  const delivered = (event: OutboundEvent): EventOutcome => ({ rowNumber: event.rowNumber, state: "delivered" });
  if (answer.kind === "taken") return pack.events.map(delivered);
  const reason = refusalReason(MIXPANEL_LABEL, answer.status, explain(answer.body));
  if (!refusesContent(answer.status)) return pack.events.map((event) => ({ rowNumber: event.rowNumber, state: "rejected", reason }));
  const failed = answer.status === 400 ? failedIn(pack, answer.body) : null;
  if (!failed) return null;
  return pack.events.map((event, index): EventOutcome => {
    const why = failed.get(index);
    return why === undefined ? delivered(event) : { rowNumber: event.rowNumber, state: "rejected", reason: why };
  });
}

/**
 * Sends a batch to `/import?strict=1`, as many requests as its size needs, each event with its time,
 * the email as `distinct_id` and an `$insert_id` from its dedup key (Mixpanel's dedup). An event
 * Mixpanel would refuse is rejected without being sent; a 400's failed records are rejected in
 * Mixpanel's words and the rest delivered; a 400 that names none is split by the forwarder; 429, 5xx
 * and timeouts ask for the batch again, without the requests already answered. Never throws.
 */
export function mixpanelDestination(config: MixpanelConfig): Destination {
  const progress = new BatchProgress();
  const identity = destinationIdentity("mixpanel", config.baseUrl, config.projectToken);
  const budget = config.budgetOf?.(identity);
  return {
    label: MIXPANEL_LABEL,
    identity,
    async send(batch, context): Promise<SendResult> {
      const parts = progress.partsOf(batch, context);
      const { outcomes, sendable } = setAsideRefused(batch, MIXPANEL_LABEL, (event) => mixpanelRule(event)?.message ?? null);
      const { packs } = packBySize(sendable, encode, { maxEntryBytes: MIXPANEL_MAX_EVENT_BYTES, maxRequestBytes: MIXPANEL_MAX_REQUEST_BYTES, overheadBytes: 2 });
      const refused: RefusedRequest[] = [];
      for (const pack of packs) {
        const part = packName(pack);
        if (!parts.has(part)) {
          const answer = await request(config, `[${pack.entries.join(",")}]`, budget);
          if (answer.kind === "retry" || answer.kind === "failed") return answer;
          const decided = outcomesOf(pack, answer);
          if (!decided) {
            refused.push({ events: pack.events, reason: refusalReason(MIXPANEL_LABEL, answer.status, explain(answer.body)) });
            continue;
          }
          parts.set(part, decided);
        }
        for (const outcome of parts.get(part)!) outcomes.set(outcome.rowNumber, outcome);
      }
      progress.finish(batch, context);
      return doneWith(batch, outcomes, refused);
    },
    testConnection: () => testMixpanelConnection(config),
  };
}

/**
 * An empty import, which adds nothing. Mixpanel checks the token before the events, so a 401 or 403
 * is a wrong token, and any other answer proves it.
 */
export async function testMixpanelConnection(config: MixpanelConfig): Promise<ConnectionCheck> {
  const answer = await request(config, "[]");
  if (answer.kind === "retry") return { ok: false, message: `${answer.reason} at ${config.baseUrl}; try again later.` };
  if (answer.kind === "failed") return { ok: false, message: answer.reason };
  if (answer.kind === "refused" && (answer.status === 401 || answer.status === 403)) {
    return { ok: false, message: `${MIXPANEL_LABEL} did not accept the project token (${answer.status}). Check MIXPANEL_PROJECT_TOKEN, and MIXPANEL_BASE_URL for a project in the EU (https://api-eu.mixpanel.com).` };
  }
  if (answer.kind === "refused" && answer.status !== 400) return { ok: false, message: refusalReason(MIXPANEL_LABEL, answer.status, explain(answer.body)) };
  return { ok: true, message: `Connected to Mixpanel at ${new URL(config.baseUrl).host}: the project token was accepted.` };
}
