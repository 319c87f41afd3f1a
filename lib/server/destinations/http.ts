import "server-only";
import type { RequestBudget } from "./request-budget";
import { parseRetryAfter } from "./retry";

/** How long a platform may take to answer one request before it counts as a failure worth retrying. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The most of a platform's own words (a refusal, a redirect's target) that a row's reason carries. */
const REASON_LIMIT = 500;

export type HttpCall = {
  method: "GET" | "POST" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** The account's shared request budget: the request waits for its slot, and the answer paces the next. */
  budget?: RequestBudget;
};

/**
 * What one request to a platform came to: `taken` (2xx), `refused` for good (any other 4xx: sending
 * the same again would not help), `retry` (429, 5xx, a timeout, no connection), or `failed`: a
 * redirect, which is never followed (it could carry events and keys to another host), and which no
 * retry would change.
 */
export type HttpOutcome =
  | { kind: "taken"; status: number; body: string }
  | { kind: "refused"; status: number; body: string }
  | { kind: "retry"; reason: string; retryAfterMs: number | null; throttled?: boolean }
  | { kind: "failed"; reason: string };

/**
 * Sends one request with a timeout, for every destination alike, in its slot of the account's
 * request budget when it has one. Never throws: every answer and network failure is an outcome (the
 * budget's own database failing is an error, as everywhere). The timeout covers the answer's body
 * too: a platform that sends its status and then stalls has not answered.
 */
export async function callPlatform(platform: string, call: HttpCall): Promise<HttpOutcome> {
  let response: Response;
  let body: string;
  await call.budget?.take();
  try {
    response = await fetch(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body,
      signal: AbortSignal.timeout(call.timeoutMs),
      redirect: "manual",
    });
    body = (await response.text()).trim();
  } catch (error) {
    return { kind: "retry", reason: unansweredReason(platform, error), retryAfterMs: null };
  }
  if (response.status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), Date.now());
    await call.budget?.throttled(retryAfterMs);
    return { kind: "retry", reason: `${platform} answered 429`, retryAfterMs, throttled: true };
  }
  await call.budget?.answered();
  if (response.ok) return { kind: "taken", status: response.status, body };
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get("location");
    const where = location ? ` to ${cutWords(location)}` : "";
    return {
      kind: "failed",
      reason: `${platform} answered ${response.status}, a redirect${where}. Backfill never follows redirects: configure the address that answers directly.`,
    };
  }
  if (response.status >= 500) {
    return { kind: "retry", reason: `${platform} answered ${response.status}`, retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), Date.now()) };
  }
  return { kind: "refused", status: response.status, body };
}

/**
 * Whether a refusal may be about the events a request carries (400, 413, 422…), so that splitting the
 * request finds the ones at fault. A refusal of the credentials or the address (401, 403, 404, 405,
 * 407, 410) would refuse every half alike: it is never split.
 */
export function refusesContent(status: number): boolean {
  return ![401, 403, 404, 405, 407, 410].includes(status);
}

/**
 * Why a request got no answer. An aborted request (its timeout, or any other abort) did not answer in
 * time; anything else (a refused or reset connection, an unknown host) could not reach the platform.
 * Either way nothing was decided, and the same request may be sent again.
 */
function unansweredReason(platform: string, error: unknown): string {
  const aborted = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
  return aborted ? `${platform} did not answer in time` : `${platform} could not be reached`;
}

/** A platform's own words cut to the length a report can show: the one limit every reason keeps to. */
function cutWords(text: string): string {
  return text.slice(0, REASON_LIMIT);
}

/** A refusal of a whole request as a row's reason, in the platform's own words. */
export function refusalReason(platform: string, status: number, text: string): string {
  return `Rejected by ${platform} (${status})${text ? `: ${cutWords(text)}` : "."}`;
}

/** One event refused inside an answer that took the others (a webhook's `rejected`, Customer.io's 207), as its row's reason. */
export function eventRefusalReason(platform: string, words: string): string {
  return `Rejected by ${platform}: ${cutWords(words)}`;
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}

/** `base` and a path, whether or not the configured base ends with a slash. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path}`;
}
