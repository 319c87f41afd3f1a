import { describe, expect, it } from "vitest";
import { checkGroupBy, itemColumnsFrom, itemNames, proposeGroupBy, sharedPrefix } from "./order-columns";
import { OrderRuns, groupOrder, groupRows, jsonParamsWithItems, type SourceRow } from "./order-groups";

const CHOICE = { key: "Name", items: ["Lineitem name", "Lineitem quantity", "Lineitem price"] };
const line = (row: number, params: Record<string, string>, email = "ann@example.com", time = "2024-01-15 10:32"): SourceRow => ({
  row, input: { email, event_name: "orderCreated", time, params },
});
const item = (name: string, quantity: string, price: string) => ({ "Lineitem name": name, "Lineitem quantity": quantity, "Lineitem price": price });

describe("line-item columns", () => {
  it("takes off the prefix the item columns share, at a word's end", () => {
    expect(sharedPrefix(["Lineitem name", "Lineitem price"])).toBe("Lineitem ");
    expect(sharedPrefix(["line_item_sku", "line_item_size"])).toBe("line_item_");
    expect(sharedPrefix(["sku", "size"])).toBe("");
    expect(itemNames(["Lineitem name", "Lineitem compare at price"])).toEqual(["name", "compare at price"]);
    expect(itemNames(["Lineitem"])).toEqual(["Lineitem"]);
  });

  it("reads the command line's item columns as a list of headers or as a prefix", () => {
    const headers = ["Name", "Email", "Lineitem name", "Lineitem price", "Vendor"];
    expect(itemColumnsFrom(headers, "Lineitem ")).toEqual({ ok: true, items: ["Lineitem name", "Lineitem price"] });
    expect(itemColumnsFrom(headers, "Lineitem name,Vendor")).toEqual({ ok: true, items: ["Lineitem name", "Vendor"] });
    expect(itemColumnsFrom(headers, "Vendor")).toEqual({ ok: true, items: ["Vendor"] });
    expect(itemColumnsFrom(headers, "Lineitem name,Size")).toEqual({ ok: false, message: 'The file has no column "Size".' });
    expect(itemColumnsFrom(headers, "Item ")).toEqual({ ok: false, message: 'No column of the file begins with "Item ".' });
  });

  it("proposes a shop's order column and line-item columns, and refuses a choice the header cannot take", () => {
    const shopify = ["Name", "Email", "Total", "Created at", "Lineitem quantity", "Lineitem name"];
    expect(proposeGroupBy(shopify)).toEqual({ key: "Name", items: ["Lineitem quantity", "Lineitem name"] });
    expect(proposeGroupBy(["Order ID", "Email", "Item Name", "Item Cost"])).toEqual({ key: "Order ID", items: ["Item Name", "Item Cost"] });
    expect(proposeGroupBy(["email", "event_name", "time", "plan"])).toBeNull();
    expect(checkGroupBy(shopify, { key: "Order", items: ["Lineitem name"] })).toBe('The file has no column "Order" to group the rows by.');
    expect(checkGroupBy(shopify, { key: "Name", items: ["Lineitem price"] })).toBe('The file has no line-item column "Lineitem price".');
    expect(checkGroupBy([...shopify, "items"], { key: "Name", items: ["Lineitem name"] })).toMatch(/already has a column "items"/);
  });
});

describe("one event per order", () => {
  it("makes an order's rows one event: order-level values from the first row that has them, one item per line-item row", () => {
    const order = groupOrder([
      line(2, { Name: "#1001", Total: "69.70", Currency: "USD", ...item("Blue Mug", "2", "21.00") }),
      line(3, { Name: "#1001", Total: "", Note: "gift", ...item("Linen Tea Towel", "1", "18.50") }, " ann@example.com", ""),
    ], CHOICE);
    expect(order).toMatchObject({ ok: true, rows: [2, 3], key: "#1001" });
    if (!order.ok) return;
    expect(order.input.email).toBe("ann@example.com");
    expect(order.input.time).toBe("2024-01-15 10:32");
    expect({ ...order.input.params }).toEqual({
      Name: "#1001", Total: "69.70", Currency: "USD", Note: "gift",
      items: '[{"name":"Blue Mug","price":"21.00","quantity":"2"},{"name":"Linen Tea Towel","price":"18.50","quantity":"1"}]',
    });
  });

  it("refuses an order whose rows disagree on the email or the time, naming the order and the rows", () => {
    const email = groupOrder([line(2, { Name: "#7" }), line(3, { Name: "#7" }, "bob@example.com")], CHOICE);
    expect(email).toEqual({ rows: [2, 3], key: "#7", ok: false, reason: 'Order #7 (rows 2–3) has two emails: "ann@example.com" in row 2, "bob@example.com" in row 3. The rows of one order share one email.' });
    const sameAddress = groupOrder([line(2, { Name: "#7" }), line(3, { Name: "#7" }, "Ann@Example.com")], CHOICE);
    expect(sameAddress.ok).toBe(true);
    const time = groupOrder([line(5, { Name: "#8" }), line(6, { Name: "#8" }, undefined, "2024-01-16 09:00")], CHOICE);
    expect(time).toMatchObject({ ok: false, reason: expect.stringMatching(/^Order #8 \(rows 5–6\) has two times: "2024-01-15 10:32" in row 5, "2024-01-16 09:00" in row 6/) });
  });

  it("gives the same event for the same rows, so that its dedup key is stable across imports", () => {
    const rows = [line(2, { Name: "#1", ...item("Mug", "1", "2") }), line(3, { Name: "#1", ...item("Cup", "1", "3") })];
    const again = groupOrder(rows.map((row) => ({ ...row, row: row.row + 10 })), CHOICE);
    const first = groupOrder(rows, CHOICE);
    expect(first.ok && again.ok && { ...again.input.params }).toEqual(first.ok && { ...first.input.params });
  });

  it("cuts the file into runs of one order, and refuses an order that comes back after another's rows", () => {
    const orders = groupRows([
      line(2, { Name: "#1" }), line(3, { Name: "#1" }), line(4, { Name: "#2" }), line(5, { Name: "" }), line(6, { Name: "#1" }), line(7, { Name: "#3" }),
    ], CHOICE);
    expect(orders.map(({ rows, ok }) => [rows, ok])).toEqual([[[2, 3], true], [[4], true], [[5], false], [[6], false], [[7], true]]);
    expect(orders[2]).toMatchObject({ reason: 'Row 5 has no value in "Name", so it belongs to no order.' });
    expect(orders[3]).toMatchObject({ reason: 'Order #1 comes back in row 6, apart from its rows from row 2: the rows of one order must be together, as shops export them. Sort the file by "Name" and import these rows again.' });
  });

  it("hands over each order as soon as the next begins, and the last at the end", () => {
    const runs = new OrderRuns(CHOICE);
    expect(runs.push(line(2, { Name: "#1" }))).toEqual([]);
    expect(runs.push(line(3, { Name: "#2" })).map(({ rows }) => rows)).toEqual([[2]]);
    expect(runs.finish().map(({ rows }) => rows)).toEqual([[3]]);
    expect(runs.finish()).toEqual([]);
  });

  it("reads the items as JSON wherever the import groups its rows", () => {
    expect(jsonParamsWithItems(["extra"], CHOICE)).toEqual(["extra", "items"]);
    expect(jsonParamsWithItems(["items"], CHOICE)).toEqual(["items"]);
    expect(jsonParamsWithItems([], null)).toEqual([]);
  });

  it("keeps an item column named as an object's own machinery", () => {
    const order = groupOrder([line(2, { Name: "#1", "Lineitem __proto__": "x", "Lineitem name": "Mug" })], { key: "Name", items: ["Lineitem __proto__", "Lineitem name"] });
    expect(order.ok && order.input.params.items).toBe('[{"__proto__":"x","name":"Mug"}]');
  });
});
