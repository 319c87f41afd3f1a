import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs } from "./retry";

describe("retryDelayMs", () => {
  const policy = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 60_000, patienceMs: 0 };

  it("doubles with each attempt, jittered between half and all of it", () => {
    expect(retryDelayMs(1, null, policy, () => 0)).toBe(500);
    expect(retryDelayMs(1, null, policy, () => 1)).toBe(1000);
    expect(retryDelayMs(4, null, policy, () => 1)).toBe(8000);
  });

  it("waits at least as long as Retry-After says, and never past the cap", () => {
    expect(retryDelayMs(1, 30_000, policy, () => 0)).toBe(30_000);
    expect(retryDelayMs(12, null, policy, () => 1)).toBe(60_000);
    expect(retryDelayMs(1, 3_600_000, policy, () => 1)).toBe(60_000);
  });

  it("caps at five minutes by default", () => {
    expect(DEFAULT_RETRY_POLICY.maxDelayMs).toBe(300_000);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
