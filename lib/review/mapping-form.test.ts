import { describe, expect, it } from "vitest";
import { eventNameRule, fixedNameProblem, jsonParamsOf, mappingFormSchema, mappingOf, rolesOf } from "./mapping-form";

const headers = ["email", "event", "time", "plan", "items"];

describe("the mapping form", () => {
  it("reads roles from a mapping and a mapping from roles", () => {
    const mapping = { email: 0, event_name: 1, time: 2, params: [{ index: 3, name: "plan" }, { index: 4, name: "items" }] };
    const roles = rolesOf(headers, mapping, ["items"]);
    expect(roles).toEqual(["email", "event_name", "time", "param", "json"]);
    expect(mappingOf(headers, roles, null)).toEqual(mapping);
    expect(jsonParamsOf(mapping, roles)).toEqual(["items"]);
    expect(mappingOf(headers, ["email", "skip", "time", "skip", "param"], "Imported")).toEqual({
      email: 0, event_name: -1, time: 2, params: [{ index: 4, name: "items" }], eventName: "Imported",
    });
  });

  it("has no mapping when two columns claim a field", () => {
    expect(mappingOf(headers, ["email", "email", "time", "skip", "skip"], null)).toBeNull();
    expect(jsonParamsOf(null, ["json"])).toEqual([]);
  });

  it("asks for each field once, and for a fixed name the destination takes", () => {
    const schema = mappingFormSchema(eventNameRule("yespo"));
    const form = { roles: ["email", "event_name", "time", "param", "param"], timeZone: "UTC", eventSource: "column", eventName: "", dateOrder: "auto" };
    expect(schema.safeParse(form).success).toBe(true);
    const messages = (value: object) => schema.safeParse(value).error?.issues.map((issue) => issue.message) ?? [];
    expect(messages({ ...form, roles: ["email", "email", "time", "skip", "skip"] })).toEqual([
      "Only one column can be the email; 2 are.", "Choose the column that holds the event name, or, if no column does, choose “The same for every row” under Event name.",
    ]);
    expect(messages({ ...form, roles: ["email", "skip", "time", "skip", "skip"], eventSource: "fixed", eventName: "order/paid" })).toEqual([
      "The event name `order/paid` contains a slash (/), which Yespo does not accept in event names.",
    ]);
  });

  it("needs a fixed event name to be typed, and to pass the rules of a name read from a column", () => {
    expect(fixedNameProblem("  ", null)).toBe("Type the event name every row gets.");
    expect(fixedNameProblem("signup", null)).toBeNull();
    expect(fixedNameProblem("x".repeat(300), null)).toEqual(expect.any(String));
    expect(eventNameRule("builtin")).toBeNull();
  });
});
