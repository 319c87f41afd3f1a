import "server-only";
import type { ParamValue } from "@/lib/events/json-params";
import { eventRuleFor } from "@/lib/events/destination-rules";
import { offsetAt } from "@/lib/events/time-zone";
import { BatchProgress } from "./batch-progress";
import { yespoContactsApi } from "./yespo-contacts";
import { destinationIdentity } from "./identity";
import type { RequestBudget } from "./request-budget";
import { basicAuth, callPlatform, DEFAULT_TIMEOUT_MS, joinUrl, refusalReason, refusesContent, type HttpOutcome } from "./http";
import { type ConnectionCheck, type Destination, doneWith, type EventOutcome, type OutboundEvent, type RefusedRequest, type SendResult, setAsideRefused } from "./types";

export const YESPO_LABEL = "Yespo";
/** Yespo takes any user name with the API key as the password; ours says who is calling. */
const USER_NAME = "backfill";
const CONTENT_TYPE = "application/json; charset=UTF-8";
/** Live events go one request each: a few at a time keeps a large trigger window from flooding the account. */
const LIVE_CONCURRENCY = 4;
const HOUR_MS = 3_600_000;
/** "Generate event" (docs.yespo.io): a live event's body is 20 kB at most. */
export const YESPO_MAX_LIVE_EVENT_BYTES = 20_000;

export type YespoConfig = {
  baseUrl: string;
  apiKey: string;
  /** The account's time zone: `occurred` is its wall time there. */
  timeZone: string;
  triggerWindowHours: number;
  allowDelete: boolean;
  timeoutMs?: number;
  now?: () => number;
  /**
   * Whether Yespo's documented rules are checked before sending (the default). Off only where a
   * test must see what Yespo itself does with an event that breaks them.
   */
  checkRules?: boolean;
  /** The account's shared request budget, by the destination's identity; none, no pacing (tests of one request). */
  budgetOf?: (identity: string) => RequestBudget;
};

const yespoRule = eventRuleFor("yespo")!;

/** `YYYY-MM-DDTHH:mm` on the account's clocks, the form `past_events` takes. */
export function yespoTime(instantMs: number, timeZone: string): string {
  return new Date(instantMs + offsetAt(timeZone, instantMs)).toISOString().slice(0, 16);
}

function paramsOf(event: OutboundEvent) {
  // A JSON column's value goes as JSON: Yespo takes an array of objects as a param's value (an order's items).
  const params: { name: string; value: ParamValue }[] = [{ name: "email", value: event.email }];
  for (const name in event.params) params.push({ name, value: event.params[name] });
  return params;
}

export function pastEventsPayload(events: OutboundEvent[], timeZone: string) {
  return {
    events: events.map((event) => ({
      eventTypeKey: event.eventName,
      keyValue: event.email,
      params: paramsOf(event),
      occurred: yespoTime(event.occurredMs, timeZone),
    })),
  };
}

/** One request to Yespo's API with the account's key, in its slot of the request budget when given. */
export function yespoRequest(
  config: YespoConfig,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
  budget?: RequestBudget,
): Promise<HttpOutcome> {
  return callPlatform(YESPO_LABEL, {
    method,
    url: joinUrl(config.baseUrl, path),
    headers: {
      Authorization: basicAuth(USER_NAME, config.apiKey),
      Accept: "application/json",
      ...(body === undefined ? {} : { "Content-Type": CONTENT_TYPE }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    budget,
  });
}

/**
 * Every event goes into the account's history through `past_events`, 500 a request at most, with
 * its time; with "Trigger campaigns" on, the events of the trigger window are then also sent, one by
 * one, as live events, which are the ones that start workflows. A 4xx rejects what it carried with
 * Yespo's own words; 429, 5xx and timeouts ask for the batch again, and the parts already answered
 * are not sent twice. Never throws.
 */
export function yespoDestination(config: YespoConfig): Destination {
  const progress = new BatchProgress();
  const identity = destinationIdentity("yespo", config.baseUrl, config.apiKey);
  const budget = config.budgetOf?.(identity);
  const now = config.now ?? Date.now;

  async function sendLive(events: OutboundEvent[], parts: Map<string, EventOutcome[]>): Promise<SendResult | null> {
    const waiting = events.filter((event) => !parts.has(`live:${event.dedupKey}`));
    let retry: SendResult | null = null;
    const worker = async () => {
      for (let event = waiting.shift(); event && !retry; event = waiting.shift()) {
        const body = { eventTypeKey: event.eventName, keyValue: event.email, params: paramsOf(event) };
        const bytes = Buffer.byteLength(JSON.stringify(body), "utf8");
        if (bytes > YESPO_MAX_LIVE_EVENT_BYTES) {
          const reason = `Saved in Yespo's history, but not sent as a live event, so no campaign started for it: it takes ${Math.ceil(bytes / 1000)} kB with its parameters; Yespo takes ${YESPO_MAX_LIVE_EVENT_BYTES / 1000} kB at most for a live event.`;
          parts.set(`live:${event.dedupKey}`, [{ rowNumber: event.rowNumber, state: "rejected", reason, stored: true }]);
          continue;
        }
        const answer = await yespoRequest(config, "POST", "/v1/event", body, budget);
        if (answer.kind === "retry") retry ??= answer;
        else if (answer.kind === "failed") retry ??= { kind: "failed", reason: answer.reason };
        else if (answer.kind === "taken") parts.set(`live:${event.dedupKey}`, [{ rowNumber: event.rowNumber, state: "delivered" }]);
        else {
          const reason = `Saved in Yespo's history, but not sent as a live event, so no campaign started for it: ${refusalReason(YESPO_LABEL, answer.status, answer.body)}`;
          parts.set(`live:${event.dedupKey}`, [{ rowNumber: event.rowNumber, state: "rejected", reason, stored: true }]);
        }
      }
    };
    await Promise.all(Array.from({ length: LIVE_CONCURRENCY }, worker));
    return retry;
  }

  return {
    label: YESPO_LABEL,
    identity,
    async send(batch, context): Promise<SendResult> {
      const parts = progress.partsOf(batch, context);
      const { outcomes, sendable } = setAsideRefused(batch, YESPO_LABEL, (event) => (config.checkRules === false ? null : yespoRule(event)?.message ?? null));
      let refused: RefusedRequest[] = [];
      if (sendable.length > 0 && !parts.has("past")) {
        const answer = await yespoRequest(config, "POST", "/v1/past_events", pastEventsPayload(sendable, config.timeZone), budget);
        if (answer.kind === "retry" || answer.kind === "failed") return answer;
        // Yespo refuses a whole request for one bad event: the forwarder splits it to find that one.
        if (answer.kind === "refused" && refusesContent(answer.status)) {
          refused = [{ events: sendable, reason: refusalReason(YESPO_LABEL, answer.status, answer.body) }];
        } else {
          const reason = answer.kind === "refused" ? refusalReason(YESPO_LABEL, answer.status, answer.body) : null;
          parts.set("past", sendable.map((event): EventOutcome =>
            reason === null ? { rowNumber: event.rowNumber, state: "delivered" } : { rowNumber: event.rowNumber, state: "rejected", reason }));
        }
      }
      for (const outcome of parts.get("past") ?? []) outcomes.set(outcome.rowNumber, outcome);
      if (context.triggerCampaigns) {
        const since = now() - config.triggerWindowHours * HOUR_MS;
        const recent = sendable.filter((event) => event.occurredMs >= since && outcomes.get(event.rowNumber)?.state === "delivered");
        const retry = await sendLive(recent, parts);
        if (retry) return retry;
        for (const event of recent) outcomes.set(event.rowNumber, parts.get(`live:${event.dedupKey}`)![0]);
      }
      progress.finish(batch, context);
      return doneWith(batch, outcomes, refused);
    },
    testConnection: () => testYespoConnection(config),
    contacts: yespoContactsApi((method, path, body) => yespoRequest(config, method, path, body, budget)),
  };
}

/** `GET /v1/account/info`: proves the key and names the organisation, without changing anything. */
export async function testYespoConnection(config: YespoConfig): Promise<ConnectionCheck> {
  const answer = await yespoRequest(config, "GET", "/v1/account/info");
  if (answer.kind === "retry") return { ok: false, message: `${answer.reason} at ${config.baseUrl}; try again later.` };
  if (answer.kind === "failed") return { ok: false, message: answer.reason };
  if (answer.kind === "refused" && (answer.status === 401 || answer.status === 403)) {
    return { ok: false, message: `Yespo did not accept the API key (${answer.status}). Check YESPO_API_KEY.` };
  }
  if (answer.kind === "refused") return { ok: false, message: refusalReason(YESPO_LABEL, answer.status, answer.body) };
  let organisation: unknown;
  try {
    organisation = (JSON.parse(answer.body) as { organisationName?: unknown }).organisationName;
  } catch {
    organisation = undefined;
  }
  return { ok: true, message: typeof organisation === "string" ? `Connected to Yespo as ${organisation}.` : "Connected to Yespo." };
}

export type DeleteRange = { from: Date; to: Date };

/**
 * Deletes the account's past events between two instants (`DELETE /v1/past_events`), given on the
 * account's clocks to the minute. It cannot be undone, so it works only where ALLOW_EVENT_DELETE is
 * set: otherwise it throws before any request.
 */
export async function deletePastEvents(config: YespoConfig, range: DeleteRange): Promise<ConnectionCheck> {
  if (!config.allowDelete) {
    throw new Error("Deleting past events in Yespo is turned off: set ALLOW_EVENT_DELETE=true to allow it.");
  }
  if (!(range.from.getTime() <= range.to.getTime())) {
    return { ok: false, message: "The start of the range to delete must come before its end." };
  }
  const body = { from: yespoTime(range.from.getTime(), config.timeZone), to: yespoTime(range.to.getTime(), config.timeZone) };
  const answer = await yespoRequest(config, "DELETE", "/v1/past_events", body);
  if (answer.kind === "taken") return { ok: true, message: `Yespo deleted the past events from ${body.from} to ${body.to} (${config.timeZone}).` };
  if (answer.kind === "retry") return { ok: false, message: `${answer.reason}; nothing was deleted, try again later.` };
  if (answer.kind === "failed") return { ok: false, message: `${answer.reason} Nothing was deleted.` };
  return { ok: false, message: refusalReason(YESPO_LABEL, answer.status, answer.body) };
}
