import { expect, test } from "@playwright/test";
import type { YespoPastEvent } from "@/lib/testing/yespo-contract";
import { yespoReceivedURL } from "../playwright.yespo.config";
import { chooseFile, continueTo, fixture } from "./wizard";

type Received = { pastEvents: YespoPastEvent[]; violations: string[] };
const received = async () => (await fetch(yespoReceivedURL)).json() as Promise<Received>;

test.use({ timezoneId: "UTC" });

test("sends a Shopify line-item export to Yespo as one orderCreated event per order, with its items", async ({ page }) => {
  const before = await received();
  await chooseFile(page, fixture("shopify-line-items.csv"));
  await page.getByLabel("The same for every row").check();
  await page.getByTestId("event-name").fill("orderCreated");
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 7 valid rows, 0 with problems.");
  await expect(page.getByTestId("order-choice")).toContainText("an items list with one entry per row, of quantity, name, price");
  await page.getByLabel("One event per order").check();

  await continueTo(page, "review");
  await expect(page.locator('[data-testid="grid-row"][data-row="5"]')).toContainText("Order #1003: one event of 3 rows, with 3 items (Cork Coaster, Blue Mug, Gift Card).");
  await expect(page.locator('[data-testid="grid-row"][data-row="7"]')).toContainText("A line item of order #1003, sent in the event of row 5.");
  await continueTo(page, "options");
  await expect(page.getByTestId("events-to-send")).toHaveText("4");
  await page.getByRole("button", { name: /Send 4 events/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done", { timeout: 30_000 });
  // Every row of the file is accounted for: the line-item rows are delivered with their orders.
  await expect(page.getByTestId("import-delivered")).toHaveText("7");

  const after = await received();
  expect(after.violations).toEqual([]);
  const events = after.pastEvents.slice(before.pastEvents.length);
  expect(events.map((event) => [event.eventTypeKey, event.keyValue, event.occurred])).toEqual([
    // Created at on the account's clocks (Asia/Tokyo): 2024-01-15 10:32:11 -0500 is 2024-01-16 00:32 there.
    ["orderCreated", "ann@example.com", "2024-01-16T00:32"],
    ["orderCreated", "bob@example.com", "2024-01-16T22:00"],
    ["orderCreated", "cat@example.com", "2024-02-03T09:10"],
    ["orderCreated", "dee@example.com", "2024-02-11T01:58"],
  ]);
  const params = Object.fromEntries(events[2].params.map(({ name, value }) => [name, value]));
  expect(params).toMatchObject({ Name: "#1003", Total: "50.68", "Discount Code": "WELCOME10" });
  expect(params.items).toEqual([
    { quantity: "3", name: "Cork Coaster", price: "9.99", sku: "CST-CRK", "requires shipping": "true", taxable: "true", "fulfillment status": "fulfilled" },
    { quantity: "1", name: "Blue Mug", price: "21.00", sku: "MUG-BLU", "requires shipping": "true", taxable: "true", "fulfillment status": "fulfilled" },
    { quantity: "1", name: "Gift Card", price: "2.00", "requires shipping": "false", taxable: "false", "fulfillment status": "fulfilled" },
  ]);
});
