import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEventsFile } from "@/lib/csv/read-events-file";
import { rejectedRowsCsv } from "@/lib/csv/rejected-rows";
import { bytesSource } from "@/lib/csv/source";
import { proposeGroupBy } from "@/lib/events/order-columns";
import type { Database } from "@/lib/server/db/client";
import { yespoDestination } from "@/lib/server/destinations/yespo";
import { stageTestImport } from "@/lib/server/testing/imports";
import { recordedRetries } from "@/lib/server/testing/retry";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { startYespoContract } from "@/lib/testing/yespo-contract";
import type { StagedRowInput } from "@/lib/contract/staged-rows";
import { loadRejectedRows } from "./report";
import { runImport } from "./run-import";

/**
 * A Shopify orders export, one row per line item, imported as one event per order: on the Yespo
 * contract server and into the built-in store, on PGlite (and on PostgreSQL with TEST_DATABASE_URL).
 */
let database: Database;
let dispose: () => Promise<void>;
let yespo: Awaited<ReturnType<typeof startYespoContract>>;
const { options } = recordedRetries();

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  yespo = await startYespoContract("orders-yespo-key");
});
afterAll(async () => {
  await yespo.close();
  await dispose();
});

const shopify = new Uint8Array(readFileSync(new URL("../../csv/fixtures/shopify-line-items.csv", import.meta.url)));

/** The file's rows as the wizard and the command line hand them to staging, and its parameter columns. */
async function readShopify(bytes = shopify) {
  const rows: StagedRowInput[] = [];
  let params: string[] = [];
  let headers: string[] = [];
  await readEventsFile(bytesSource(bytes), {
    timeZone: "UTC", nowMs: Date.now(), columns: { eventName: "orderCreated" },
    onHeader: (names, mapping) => {
      headers = names;
      params = mapping.params.map(({ name }) => name);
    },
    onRow: ({ row, input }) => rows.push({ row, ...input }),
  });
  return { rows, params, groupBy: proposeGroupBy(headers)! };
}

const yespoTarget = () => yespoDestination({ baseUrl: yespo.url, apiKey: "orders-yespo-key", timeZone: "UTC", triggerWindowHours: 72, allowDelete: false });

describe("orders with their line items, one event per order", () => {
  it("sends each order once to Yespo with its items, counts every file row, and finds the same orders again in a second import", async () => {
    const { rows, params, groupBy } = await readShopify();
    expect(groupBy.items).toContain("Lineitem name");
    const id = await stageTestImport(database.sql, rows, { fileName: "orders.csv", destination: "yespo", eventName: "orderCreated", params, groupBy });
    const outcome = await runImport(database.sql, id, yespoTarget(), options);
    expect(outcome).toMatchObject({ finished: true, status: "succeeded", counts: { total: 7, delivered: 7, duplicates: 0, rejected: 0 } });
    expect(yespo.pastEvents).toHaveLength(4);
    const order = yespo.pastEvents.find((event) => event.params.some((param) => param.value === "#1003"))!;
    expect(order).toMatchObject({ eventTypeKey: "orderCreated", keyValue: "cat@example.com", occurred: "2024-02-03T00:10" });
    const value = (name: string) => order.params.find((param) => param.name === name)?.value;
    expect(value("Total")).toBe("50.68");
    expect(value("Discount Code")).toBe("WELCOME10");
    expect(value("items")).toEqual([
      { quantity: "3", name: "Cork Coaster", price: "9.99", sku: "CST-CRK", "requires shipping": "true", taxable: "true", "fulfillment status": "fulfilled" },
      { quantity: "1", name: "Blue Mug", price: "21.00", sku: "MUG-BLU", "requires shipping": "true", taxable: "true", "fulfillment status": "fulfilled" },
      { quantity: "1", name: "Gift Card", price: "2.00", "requires shipping": "false", taxable: "false", "fulfillment status": "fulfilled" },
    ]);
    // Order-level values the line-item rows leave blank come from the order's first row.
    expect(value("Lineitem name")).toBeUndefined();
    expect(value("Vendor")).toBe("Kiln & Co");

    const again = await stageTestImport(database.sql, rows, { fileName: "orders-again.csv", destination: "yespo", eventName: "orderCreated", params, groupBy });
    const second = await runImport(database.sql, again, yespoTarget(), options);
    expect(second).toMatchObject({ finished: true, counts: { total: 7, delivered: 0, duplicates: 7, rejected: 0 } });
    expect(yespo.pastEvents).toHaveLength(4);
  });

  it("rejects every row of an order whose rows disagree on the email, each as the file has it, in the rejected-rows CSV", async () => {
    const text = new TextDecoder().decode(shopify).replace("#1003,cat@example.com,,,,,,,,,,,,,2024-02-02 19:10:00 -0500,1,Blue Mug", "#1003,kat@example.com,,,,,,,,,,,,,2024-02-02 19:10:00 -0500,1,Blue Mug");
    const { rows, params, groupBy } = await readShopify(new TextEncoder().encode(text));
    const id = await stageTestImport(database.sql, rows, { fileName: "orders-bad.csv", eventName: "orderCreated", params, groupBy });
    const outcome = await runImport(database.sql, id, null, options);
    expect(outcome).toMatchObject({ finished: true, status: "partial", counts: { total: 7, delivered: 4, rejected: 3 } });
    const rejected = await loadRejectedRows(database.sql, id);
    expect(rejected.map((row) => [row.rowNumber, row.email, row.params["Lineitem name"]])).toEqual([
      [5, "cat@example.com", "Cork Coaster"], [6, "kat@example.com", "Blue Mug"], [7, "cat@example.com", "Gift Card"],
    ]);
    expect(new Set(rejected.map((row) => row.reason))).toEqual(new Set([
      'Order #1003 (rows 5–7) has two emails: "cat@example.com" in row 5, "kat@example.com" in row 6. The rows of one order share one email.',
    ]));
  });

  it("rejects an order's line-item rows with it when the destination refuses its event, and lists them as the file has them", async () => {
    // Yespo's keyValue cannot hold an apostrophe, which an address may: the event is refused when it is sent.
    const text = new TextDecoder().decode(shopify).replaceAll("ann@example.com", "ann.o'hara@example.com");
    const { rows, params, groupBy } = await readShopify(new TextEncoder().encode(text));
    const id = await stageTestImport(database.sql, rows, { fileName: "orders-refused.csv", destination: "yespo", eventName: "orderCreated", params, groupBy });
    const outcome = await runImport(database.sql, id, yespoTarget(), options);
    // The other orders reached Yespo in the first test: their rows are duplicates now.
    expect(outcome).toMatchObject({ finished: true, status: "partial", counts: { total: 7, delivered: 0, duplicates: 5, rejected: 2 } });
    const rejected = await loadRejectedRows(database.sql, id);
    expect(rejected.map((row) => [row.rowNumber, row.params["Lineitem name"], row.params.Total])).toEqual([[2, "Blue Mug", "69.70"], [3, "Linen Tea Towel", undefined]]);
    expect(rejected[1].reason).toBe(rejected[0].reason);
    const csv = rejectedRowsCsv({ email: "Email", event_name: "event_name", time: "Created at", params }, rejected).split("\r\n");
    expect(csv).toHaveLength(3);
    expect(csv[2]).toMatch(/^ann\.o'hara@example\.com,orderCreated,2024-01-15 10:32:11 -0500,#1001,(,){12}1,Linen Tea Towel,18\.50,22\.00,TWL-LIN,/);
  });
});
