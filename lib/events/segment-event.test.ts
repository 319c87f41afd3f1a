import { describe, expect, it } from "vitest";
import { segmentEventProblem, segmentTrackCall } from "./segment-event";

const base = { email: "ann@example.com", eventName: "order", occurredMs: Date.UTC(2024, 0, 5), params: {} };

describe("segmentEventProblem", () => {
  it("measures the track call as it is sent, 32,000 bytes at most", () => {
    const overhead = JSON.stringify(segmentTrackCall({ ...base, params: { note: "" } }, "0".repeat(32))).length;
    expect(segmentEventProblem({ ...base, params: { note: "x".repeat(32_000 - overhead) } })).toBeNull();
    expect(segmentEventProblem({ ...base, params: { note: "x".repeat(32_001 - overhead) } })).toMatchObject({ field: "row" });
    // Bytes of UTF-8, not characters: 16,100 Cyrillic letters take 32,200 bytes.
    expect(segmentEventProblem({ ...base, params: { note: "ж".repeat(16_100) } })?.message).toContain("The event takes 33 kB");
  });
});
