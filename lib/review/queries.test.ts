import { describe, expect, it } from "vitest";
import { findDateOrder, gridRowOf, pageOf } from "./queries";
import { storeOf } from "./test-store";

const FILE = [
  "email,event_name,time",
  "ann@example.com,Signup,2024-01-05 10:00",
  "bob@example.com,purchase,2024-01-06 10:00",
  "broken,purchase,2024-01-07 10:00",
  "cy@example.com,signup,2024-01-08 10:00",
].join("\n");

describe("pageOf", () => {
  it("shows the rows the ledger holds under Already delivered, until the rows change", async () => {
    const store = await storeOf(FILE);
    expect(pageOf(store, "delivered", "", 0, 10).total).toBe(0);
    store.markDelivered(store.version, [1, 3]);
    expect(pageOf(store, "delivered", "", 0, 10).rows.map((row) => row.row)).toEqual([3, 5]);
    // An answer about an older version of the rows is not believed.
    store.markDelivered(store.version - 1, [0]);
    expect(store.deliveredCount).toBe(2);
    store.fix(2, 0, "dee@example.com");
    expect(pageOf(store, "delivered", "", 0, 10).total).toBe(0);
  });

  it("finds rows again after a change, and searches a fixed event name", async () => {
    const store = await storeOf(FILE);
    expect(pageOf(store, "invalid", "", 0, 10).rows.map((row) => row.row)).toEqual([4]);
    store.fix(2, 0, "dee@example.com");
    expect(pageOf(store, "invalid", "", 0, 10).total).toBe(0);
    store.setMapping({ ...store.mapping, event_name: -1, eventName: "Imported" }, store.context);
    expect(pageOf(store, "all", "import", 0, 10).total).toBe(4);
    expect(pageOf(store, "all", "signup", 0, 10).total).toBe(0);
  });

  it("keeps the offset within the rows found", async () => {
    const store = await storeOf(FILE);
    expect(pageOf(store, "valid", "", 50, 2)).toEqual({ total: 3, offset: 3, rows: [] });
    expect(pageOf(store, "valid", "", -4, 1).rows.map((row) => row.row)).toEqual([2]);
  });
});

describe("gridRowOf", () => {
  it("gives an invalid row no instant", async () => {
    const store = await storeOf(FILE);
    expect(gridRowOf(store, 2)).toMatchObject({ index: 2, row: 4, state: "invalid", leftOut: false, occurredMs: null, values: ["broken", "purchase", "2024-01-07 10:00"] });
    expect(gridRowOf(store, 0).occurredMs).toBe(Date.parse("2024-01-05T10:00:00Z"));
  });
});

describe("findDateOrder", () => {
  it("reads the order of the mapped time column's dates", async () => {
    const store = await storeOf("email,event_name,time\na@example.com,x,03/04/2024\nb@example.com,x,25/04/2024\n");
    const finding = findDateOrder(store);
    expect(finding.proof).toMatchObject({ row: 3, value: "25/04/2024" });
    expect(finding.yearLast).toBe(2);
  });
});
