import "server-only";

/**
 * Retry options for destination tests: five attempts and short delays, with the waits recorded
 * instead of slept, so that a test can check them (Retry-After, backoff) without waiting.
 */
export function recordedRetries(policy = { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 5_000 }) {
  const waits: number[] = [];
  const options = {
    policy,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
  return { waits, options };
}
