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
    expect(mixpanelEventProblem({ ...base, params: { items: [[[[1]]]] } })?.message).toBe("The value of `items` nests deeper than 3 levels; Mixpanel accepts 3 at most.");
    expect(mixpanelEventProblem({ ...base, params: { items: Array.from({ length: 255 }, () => 1) } })?.message).toContain("has 255 elements in one list; Mixpanel accepts fewer than 255");
    const lists = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`p${i}`, Array.from({ length: 30 }, () => "y".repeat(250))]));
    expect(mixpanelEventProblem({ ...base, params: lists })?.message).toContain("Mixpanel accepts less than 1000 kB");
  });

  it("refuses text Mixpanel would cut: over 255 bytes a value or a name, over 8 kB a list or object", () => {
    expect(mixpanelEventProblem({ ...base, params: { note: "ж".repeat(127) } })).toBeNull();
    expect(mixpanelEventProblem({ ...base, params: { note: "ж".repeat(128) } })?.message).toBe(
      "The value of `note` takes 256 bytes; Mixpanel keeps 255 bytes of a text and cuts the rest.");
    expect(mixpanelEventProblem({ ...base, params: { ["n".repeat(256)]: "x" } })?.message).toBe("A parameter's name takes 256 bytes; Mixpanel accepts 255 at most.");
    expect(mixpanelEventProblem({ ...base, params: { tags: ["z".repeat(256)] } })?.message).toContain("holds a text of 256 bytes");
    expect(mixpanelEventProblem({ ...base, params: { items: Array.from({ length: 40 }, () => "q".repeat(200)) } })?.message).toBe(
      "The value of `items` takes 8,121 bytes as JSON; Mixpanel accepts 8 kB for a list or object.");
  });
});
