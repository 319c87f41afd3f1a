import { describe, expect, it } from "vitest";
import { eventRuleFor, withoutReservedColumns, yespoEventNameProblem, yespoKeyValueProblem } from "./destination-rules";

describe("yespoEventNameProblem", () => {
  it("accepts names Yespo takes, spaces, dots and non-Latin letters included", () => {
    expect(yespoEventNameProblem("orderCreated")).toBeNull();
    expect(yespoEventNameProblem("page view.v2-#1 (mobile)")).toBeNull();
    expect(yespoEventNameProblem("замовлення")).toBeNull();
    expect(yespoEventNameProblem("a".repeat(100))).toBeNull();
  });

  it("names the character Yespo refuses", () => {
    expect(yespoEventNameProblem("buy,now")).toBe(
      "The event name `buy,now` contains a comma (,), which Yespo does not accept in event names.",
    );
    expect(yespoEventNameProblem("a/b")).toContain("slash (/)");
    expect(yespoEventNameProblem("a\\b")).toContain("backslash (\\)");
    expect(yespoEventNameProblem("it's")).toContain("apostrophe (')");
    for (const character of ["<", ">", ";", '"', "`", "|", "^", "?", "!"]) {
      expect(yespoEventNameProblem(`x${character}y`), character).toContain(`(${character})`);
    }
  });

  it("counts characters, not UTF-16 units, against the limit of 100", () => {
    expect(yespoEventNameProblem("a".repeat(101))).toBe("The event name is 101 characters long; Yespo accepts 100 at most.");
    expect(yespoEventNameProblem("😀".repeat(100))).toBeNull();
  });
});

describe("yespoKeyValueProblem", () => {
  it("refuses the characters Yespo's documentation names in keyValue, the typographic apostrophe included", () => {
    expect(yespoKeyValueProblem("ann@example.com")).toBeNull();
    expect(yespoKeyValueProblem("o'brien@example.com")).toBe(
      "The email address `o'brien@example.com` contains an apostrophe ('), which Yespo does not accept in an event's contact key.",
    );
    expect(yespoKeyValueProblem("o\u2019brien@example.com")).toContain("typographic apostrophe (\u2019)");
    expect(yespoEventNameProblem("it\u2019s")).toContain("typographic apostrophe (\u2019)");
    for (const character of ["<", ">", ";", '"', "`", "|", "^", "?", "!", ",", "/", "\\"]) {
      expect(yespoKeyValueProblem(`a${character}b@example.com`), character).toContain(`(${character})`);
    }
  });

  it("counts at most 300 characters", () => {
    expect(yespoKeyValueProblem(`${"a".repeat(288)}@example.com`)).toBeNull();
    expect(yespoKeyValueProblem(`${"a".repeat(289)}@example.com`)).toBe(
      "The email address is 301 characters long; Yespo accepts 300 at most as an event's contact key.",
    );
  });
});

describe("the destinations' rules", () => {
  it("names the field a rule is about, and adds none for the webhook or the built-in store", () => {
    expect(eventRuleFor("yespo")!({ email: "a!@example.com", eventName: "x" })).toMatchObject({ field: "email" });
    expect(eventRuleFor("yespo")!({ email: "a@example.com", eventName: "x,y" })).toMatchObject({ field: "event_name" });
    expect(eventRuleFor("customerio")!({ email: "a'@example.com", eventName: "a".repeat(100) })).toBeNull();
    expect(eventRuleFor("customerio")!({ email: "a@example.com", eventName: "a".repeat(101) })).toEqual({
      field: "event_name", message: "The event name takes 101 bytes; Customer.io accepts 100 at most.",
    });
    expect(eventRuleFor("klaviyo")!({ email: "a@example.com", eventName: "é".repeat(127) })).toBeNull();
    expect(eventRuleFor("klaviyo")!({ email: "a@example.com", eventName: "é".repeat(128) })).toEqual({
      field: "event_name", message: "The event name is 128 characters long; Klaviyo accepts 127 at most.",
    });
    expect(eventRuleFor("klaviyo")!({ email: "a@example.com", eventName: "x", occurredMs: Date.UTC(1999, 11, 31, 23) })).toEqual({
      field: "time", message: "The event is from before the year 2000; Klaviyo takes events from 2000 on.",
    });
    expect(eventRuleFor("klaviyo")!({ email: "a@example.com", eventName: "x", occurredMs: Date.UTC(2000, 0, 1) })).toBeNull();
    const wide = Object.fromEntries(Array.from({ length: 401 }, (_, i) => [`p${i}`, "x"]));
    expect(eventRuleFor("klaviyo")!({ email: "a@example.com", eventName: "x", params: wide })).toEqual({
      field: "row", message: "The event has 401 parameters; Klaviyo accepts 400 at most.",
    });
    expect(eventRuleFor("klaviyo")!({ email: "a@example.com", eventName: "x", params: { note: "é".repeat(50_001) } })).toEqual({
      field: "row", message: "The parameter \"note\" takes 101 kB; Klaviyo accepts 100 kB at most in one text.",
    });
    expect(eventRuleFor("klaviyo")!({ email: "a@example.com", eventName: "x", params: { note: "e".repeat(100_000) } })).toBeNull();
    expect(eventRuleFor("webhook")).toBeNull();
    expect(eventRuleFor("builtin")).toBeNull();
  });

  it("leaves Customer.io's reserved columns out of the default mapping, with the reason", () => {
    const mapping = { email: 0, event_name: 1, time: 2, params: [{ index: 3, name: "plan" }, { index: 4, name: "recipient" }, { index: 5, name: "reply_to" }] };
    const { mapping: kept, leftOut } = withoutReservedColumns("customerio", mapping);
    expect(kept.params).toEqual([{ index: 3, name: "plan" }]);
    expect(leftOut.map((column) => column.index)).toEqual([4, 5]);
    expect(leftOut[0].reason).toContain("Customer.io sends the emails an event triggers to the address in `recipient`");
    expect(withoutReservedColumns("yespo", mapping).mapping.params).toHaveLength(3);
  });
});
