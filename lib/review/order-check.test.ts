import { describe, expect, it } from "vitest";
import { unpackRows } from "@/lib/contract/staged-rows";
import { ledgerKeys } from "./ledger-keys";
import { offerGroupBy } from "./order-check";
import { storeOf } from "./test-store";

const ORDERS = [
  "Name,email,event_name,time,Total,Lineitem name,Lineitem quantity",
  "#1,ann@example.com,orderCreated,2024-01-15 10:32,30.00,Mug,1",
  "#1,ann@example.com,orderCreated,2024-01-15 10:32,,Towel,2",
  "#2,bob@example.com,orderCreated,2024-01-16 08:00,9.00,Coaster,1",
  "#3,cat@example.com,orderCreated,2024-01-17 09:00,12.00,Mug,1",
  "#3,kat@example.com,orderCreated,2024-01-17 09:00,,Towel,1",
].join("\n");

async function grouped() {
  const store = await storeOf(ORDERS);
  const offer = offerGroupBy(store);
  store.groupBy = offer;
  store.recheck();
  return { store, offer };
}

describe("the review of one event per order", () => {
  it("offers one event per order for a line-item export whose order column repeats, and not otherwise", async () => {
    const { offer } = await grouped();
    expect(offer).toEqual({ key: "Name", items: ["Lineitem name", "Lineitem quantity"] });
    expect(offerGroupBy(await storeOf("Name,email,event_name,time,Lineitem name\n#1,a@example.com,o,2024-01-01,Mug\n#2,b@example.com,o,2024-01-02,Cup"))).toBeNull();
  });

  it("gives every row its order's verdict, says what its event holds, and keeps the spreadsheet's row numbers", async () => {
    const { store } = await grouped();
    expect(store.counts).toMatchObject({ total: 5, valid: 3, invalid: 2 });
    expect(store.gridRow(0)).toMatchObject({ row: 2, state: "valid" });
    expect(store.issuesAt(0)).toEqual([{ field: "row", message: "Order #1: one event of 2 rows, with 2 items (Mug, Towel)." }]);
    expect(store.issuesAt(1)).toEqual([{ field: "row", message: "A line item of order #1, sent in the event of row 2." }]);
    expect(store.issuesAt(3)[0].message).toBe('Order #3 (rows 5–6) has two emails: "cat@example.com" in row 5, "kat@example.com" in row 6. The rows of one order share one email.');
    expect(store.isInvalid(4)).toBe(true);
    // The options step counts events: orders #1 and #2.
    expect(store.orderEvents).toBe(2);
  });

  it("sends each order's rows in one call, as the file has them, for the server to make the event of", async () => {
    const { store } = await grouped();
    expect(store.planBatches(2)).toBe(2);
    expect(unpackRows(store.batch(0)).map((row) => [row.row, row.params["Lineitem name"]])).toEqual([[2, "Mug"], [3, "Towel"]]);
    expect(unpackRows(store.batch(1)).map((row) => row.row)).toEqual([4, 5, 6]);
  });
});

describe("the ledger's look-up while each order is one event", () => {
  it("asks about no row's own key, which is not its order's", async () => {
    const { store } = await grouped();
    expect(await ledgerKeys(store, 0)).toEqual({ keys: [], moments: [], indices: [], next: null });
  });
});
