import { describe, expect, it } from "vitest";
import { mapHeaders, normalizeHeader } from "./headers";

describe("mapHeaders", () => {
  it("maps the canonical names and keeps every other column as a parameter", () => {
    const match = mapHeaders(["email", "event_name", "time", " City ", "amount"]);
    expect(match).toEqual({
      ok: true,
      mapping: {
        email: 0,
        event_name: 1,
        time: 2,
        params: [
          { index: 3, name: "City" },
          { index: 4, name: "amount" },
        ],
      },
    });
  });

  it.each([
    ["E-Mail", "Event Name", "Occurred At"],
    ["Email Address", "eventTypeKey", "timestamp"],
    ["MAIL", "EVENT", "created_at"],
    ["mail", "Event Type", "DateTime"],
    ["email", "Event-Name", "event-time"],
  ])("reads aliases in any case and spacing: %s, %s, %s", (a, b, c) => {
    const match = mapHeaders([c, a, b]);
    expect(match.ok).toBe(true);
    expect(match.mapping).toMatchObject({ email: 1, event_name: 2, time: 0, params: [] });
  });

  it("does not take a Name column (an order number, a person) for the event name", () => {
    const match = mapHeaders(["Name", "Email", "Created at"]);
    expect(match.ok).toBe(false);
    expect(match.mapping).toMatchObject({ email: 1, event_name: -1, time: 2 });
  });

  it("prefers the exact field name when two columns could be the same field", () => {
    const match = mapHeaders(["name", "email", "event_name", "date", "time"]);
    expect(match.mapping).toMatchObject({ email: 1, event_name: 2, time: 4 });
    expect(match.mapping.params.map((p) => p.name)).toEqual(["name", "date"]);
  });

  it("ignores the columns our rejected-rows CSV adds", () => {
    const match = mapHeaders(["row_number", "email", "event_name", "time", "Rejection Reason", "plan"]);
    expect(match.mapping.params).toEqual([{ index: 5, name: "plan" }]);
  });

  it("names every missing column in a file-level error", () => {
    const match = mapHeaders(["Email", "when", "plan"]);
    expect(match.ok).toBe(false);
    if (match.ok) return;
    expect(match.missing).toEqual(["event_name", "time"]);
    expect(match.message).toContain('no "event_name" and "time" columns');
    expect(match.message).toContain('"when"');
  });

  it("normalizes case, spaces, underscores and dashes", () => {
    expect(normalizeHeader("  Event_Name - x ")).toBe("eventnamex");
  });
});
