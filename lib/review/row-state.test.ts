import { describe, expect, it } from "vitest";
import { eventRuleFor } from "@/lib/events/destination-rules";
import { RowValidator } from "@/lib/events/validator";
import { DUPLICATE, INVALID, VALID, shapeIssue, verdictOf } from "./row-state";

const mapping = { email: 0, event_name: 1, time: 2, params: [] };
const context = { timeZone: "UTC", nowMs: Date.parse("2026-11-22T12:00:00Z") };

function outcomes(...rows: string[][]) {
  const validator = new RowValidator(3, mapping, context);
  return rows.map((fields, k) => validator.checkRecord(k + 2, fields)!);
}

describe("verdictOf", () => {
  it("keeps a valid row's instant, an invalid row's errors, and a repeated row as a duplicate", () => {
    const [valid, invalid, repeated] = outcomes(
      ["a@example.com", "signup", "2024-01-05T10:00:00Z"],
      ["not-an-email", "signup", "2024-01-05T10:00:00Z"],
      ["a@example.com", "signup", "2024-01-05T10:00:00Z"],
    );
    expect(verdictOf(valid, null)).toEqual({ state: VALID, issues: [], occurredMs: Date.parse("2024-01-05T10:00:00Z") });
    const bad = verdictOf(invalid, null);
    expect(bad.state).toBe(INVALID);
    expect(bad.occurredMs).toBeNaN();
    expect(bad.issues.map((issue) => issue.field)).toEqual(["email"]);
    expect(verdictOf(repeated, null)).toMatchObject({ state: DUPLICATE, issues: [{ message: "Duplicate of row 2: it will be skipped." }] });
  });

  it("makes a row the destination refuses invalid, with the destination's reason alone", () => {
    const [refused] = outcomes(["a@example.com", "order/paid", "2024-01-05"]);
    const verdict = verdictOf(refused, eventRuleFor("yespo"));
    expect(verdict.state).toBe(INVALID);
    expect(verdict.occurredMs).toBeNaN();
    expect(verdict.issues).toEqual([{ field: "event_name", message: "The event name `order/paid` contains a slash (/), which Yespo does not accept in event names." }]);
    expect(verdictOf(refused, null).state).toBe(VALID);
  });

  it("warns of a likely misspelt domain without stopping the row", () => {
    const [typo] = outcomes(["ann@gmial.com", "signup", "2024-01-05"]);
    const verdict = verdictOf(typo, null);
    expect(verdict.state).toBe(VALID);
    expect(verdict.issues).toEqual([{ field: "email", message: "Did you mean `ann@gmail.com`? `gmial.com` looks like a misspelling." }]);
  });
});

describe("shapeIssue", () => {
  it("names the row's and the header's field counts", () => {
    expect(shapeIssue(2, 3)).toEqual({ field: "row", message: "The row has 2 fields; the header has 3." });
  });
});
