import { describe, expect, it } from "vitest";
import { correctedCsv, correctedFileName } from "./corrected";
import { storeOf } from "./test-store";

const FILE = [
  "email,event_name,time,city,note",
  "ann@example.com,order,2024-01-01 10:00,NYC,",
  "broken,order,2024-01-02 10:00,Kyiv,\"a, b\"",
  "cat@example.com,order,2024-01-03 10:00,=HYPERLINK(1),",
].join("\n");

describe("the corrected file", () => {
  it("holds every row with the review's fixes and left-outs, under the file's own header, formula-safe", async () => {
    const store = await storeOf(FILE);
    store.fix(0, 3, "New York");
    store.fix(1, 0, "bob@example.com");
    store.setLeftOut([2], true);
    expect(correctedCsv(store)).toEqual({
      rows: 3,
      csv: "\uFEFFemail,event_name,time,city,note\r\n" +
        "ann@example.com,order,2024-01-01 10:00,New York,\r\n" +
        "bob@example.com,order,2024-01-02 10:00,Kyiv,\"a, b\"\r\n" +
        "cat@example.com,order,2024-01-03 10:00,\"'=HYPERLINK(1)\",",
    });
    expect(correctedFileName("shop_orders.csv")).toBe("shop_orders-corrected.csv");
  });
});
