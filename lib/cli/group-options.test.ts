import { describe, expect, it } from "vitest";
import { groupByFromFlags } from "./group-options";

const PARAMS = ["Name", "Total", "Lineitem quantity", "Lineitem name", "Vendor"];

describe("--group-by and --item-columns", () => {
  it("takes a shop's line-item columns when --item-columns names none, else those it names or begins", () => {
    expect(groupByFromFlags(PARAMS, { key: "Name", items: null })).toEqual({ ok: true, groupBy: { key: "Name", items: ["Lineitem quantity", "Lineitem name"] } });
    expect(groupByFromFlags(PARAMS, { key: "Name", items: "Lineitem name,Vendor" })).toEqual({ ok: true, groupBy: { key: "Name", items: ["Lineitem name", "Vendor"] } });
    expect(groupByFromFlags(PARAMS, { key: "Name", items: "Lineitem " })).toMatchObject({ ok: true, groupBy: { items: ["Lineitem quantity", "Lineitem name"] } });
  });

  it("says what to change when the flags do not fit the file", () => {
    expect(groupByFromFlags(PARAMS, { key: "Order", items: null })).toEqual({ ok: false, message: '--group-by: the file has no column "Order" besides its email, event and time columns.' });
    expect(groupByFromFlags(["Name", "Total"], { key: "Name", items: null })).toMatchObject({ ok: false, message: expect.stringContaining("--item-columns") });
    expect(groupByFromFlags(PARAMS, { key: "Name", items: "Name" })).toMatchObject({ ok: false, message: expect.stringMatching(/^--item-columns: /) });
    expect(groupByFromFlags([...PARAMS, "items"], { key: "Name", items: null })).toMatchObject({ ok: false, message: expect.stringContaining('already has a column "items"') });
  });
});
