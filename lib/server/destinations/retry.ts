import "server-only";

export type RetryPolicy = {
  /** Attempts for one batch, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * How long, in waits, a 429 without Retry-After is retried before giving up, whatever the count
   * of attempts: Yespo's own integrations wait 300 s after a 429.
   */
  patienceMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000, patienceMs: 5 * 60_000 };

/**
 * How long to wait before attempt `attempt + 1` (attempt counts from 1): exponential with full
 * jitter, so that many workers retrying at once spread out; never sooner than the destination's
 * `Retry-After`, and never longer than the cap.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | null,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(exponential * (0.5 + random() / 2));
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

/** `Retry-After` as milliseconds: either seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}
