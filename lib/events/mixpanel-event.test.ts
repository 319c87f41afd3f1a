import { describe, expect, it } from "vitest";
import { mixpanelEvent, mixpanelEventProblem } from "./mixpanel-event";

const base = { email: "ann@example.com", eventName: "order", occurredMs: Date.UTC(2024, 0, 5), params: {} };

describe("mixpanelEventProblem", () => {
  it("takes an ordinary event, and sets Backfill's own properties after the parameters", () => {
    expect(mixpanelEventProblem({ ...base, params: { plan: "pro", $city: "Kyiv" } })).toBeNull();
    expect(mixpanelEvent({ ...base, params: { plan: "pro" } }, "ab".repeat(16)).properties).toEqual({
      plan: "pro", time: Date.UTC(2024, 0, 5), distinct_id: "ann@example.com", $insert_id: "abababab-abab-abab-abab-abababababab",
    });
  });

  it("refuses what Mixpanel's import page says it fails: before 1971, reserved names, too many properties, deep or long JSON", () => {
    expect(mixpanelEventProblem({ ...base, occurredMs: Date.UTC(1970, 11, 31, 23, 59) })).toMatchObject({ field: "time" });
    expect(mixpanelEventProblem({ ...base, occurredMs: Date.UTC(1971, 0, 1) })).toBeNull();
    for (const name of ["time", "Distinct_ID", "$insert_id", "token", "mp_processing_time_ms"]) {
      expect(mixpanelEventProblem({ ...base, params: { [name]: "x" } }), name).toMatchObject({ field: "row" });
    }
    const many = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i}`, "v"]));
    expect(mixpanelEventProblem({ ...base, params: many(251) })).toBeNull();
    expect(mixpanelEventProblem({ ...base, params: many(252) })?.message).toBe("The event has 255 properties with Backfill's own three; Mixpanel accepts fewer than 255.");
    expect(mixpanelEventProblem({ ...base, params: { items: [[[1]]] } })).toBeNull();
    expect(mixpanelEventProblem({ ...base, params: { items: [[[[1]]]] } })?.message).toBe("The value of `items` nests deeper than 3 levels; Mixpanel does not accept that.");
    expect(mixpanelEventProblem({ ...base, params: { items: Array.from({ length: 255 }, () => 1) } })?.message).toContain("has 255 elements in one list");
    expect(mixpanelEventProblem({ ...base, params: { note: "x".repeat(1_000_000) } })?.message).toContain("Mixpanel accepts less than 1000 kB");
  });
});
