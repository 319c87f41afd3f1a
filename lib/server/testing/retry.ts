import "server-only";
import type { RetryPolicy } from "@/lib/server/destinations/retry";

/**
 * Retry options for destination tests: five attempts and short delays, with the waits recorded
 * instead of slept, so that a test can check them (Retry-After, backoff) without waiting.
 */
export function recordedRetries(overrides: Partial<RetryPolicy> = {}) {
  const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 5_000, patienceMs: 0, ...overrides };
  const waits: number[] = [];
  const options = {
    policy,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
  return { waits, options };
}
