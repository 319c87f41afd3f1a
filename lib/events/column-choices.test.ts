import { describe, expect, it } from "vitest";
import { chooseColumns } from "./column-choices";

describe("chooseColumns", () => {
  it("proposes the one header that contains a field's word when nothing matched exactly", () => {
    const match = chooseColumns(["Customer Email", "event_timestamp", "Plan"]);
    expect(match.mapping).toMatchObject({ email: 0, time: 1, event_name: -1 });
    expect(match.ok).toBe(false);
    const created = chooseColumns(["user_email", "Event Kind", "Created (UTC)"]);
    expect(created).toMatchObject({ ok: true, mapping: { email: 0, event_name: 1, time: 2, params: [] } });
  });

  it("proposes nothing where two headers contain the word", () => {
    const match = chooseColumns(["email", "event", "Order Date", "Ship Date"]);
    expect(match.mapping.time).toBe(-1);
  });

  it("maps headers by hand, compared as aliases are, and names the headers when one is not there", () => {
    const match = chooseColumns(["customer", "action", "when"], { map: { email: "Customer", event_name: "ACTION", time: "when" } });
    expect(match).toMatchObject({ ok: true, mapping: { email: 0, event_name: 1, time: 2, params: [] } });
    const unknown = chooseColumns(["customer", "action", "when"], { map: { time: "date" } });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.message).toBe('The file has no column "date" (--map time=date). Its header has "customer", "action", "when".');
  });

  it("gives every row one event name, and the column that would have been the name becomes a parameter", () => {
    const match = chooseColumns(["Name", "Email", "Created at", "event"], { eventName: " order " });
    expect(match).toMatchObject({ ok: true, mapping: { email: 1, event_name: -1, time: 2, eventName: "order" } });
    expect(match.mapping.params.map((param) => param.name)).toEqual(["Name", "event"]);
    expect(chooseColumns(["email", "time"], { eventName: "a\u0001b" }).ok).toBe(false);
  });

  it("names the headers and the --map option when a field has no column", () => {
    const match = chooseColumns(["customer", "action", "when"]);
    expect(match.ok).toBe(false);
    if (!match.ok) {
      expect(match.message).toContain('Its header has "customer", "action", "when".');
      expect(match.message).toContain("--map FIELD=HEADER");
    }
  });
});
