import { expect, test, type Page } from "@playwright/test";
import { chooseFile, continueTo } from "./wizard";

/** Addresses of this run only, so that the filters see nothing another spec or run stored. */
const run = `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const ann = `${run}.ann@example.com`;
const bob = `${run}.bob@example.com`;
const visits = 55;

function eventsFile(): Buffer {
  const lines = [
    "email,event_name,time,plan",
    `${ann},signup,1990-01-01 08:00Z,free`,
    `${ann},purchase,1990-01-15 10:00Z,gold`,
    `${ann},purchase,1990-02-10 09:30Z,<img src=x onerror=alert(1)>`,
    ...Array.from({ length: visits }, (_, i) => `${bob},visit,1990-03-01 ${String(Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}Z,pro`),
  ];
  return Buffer.from(`${lines.join("\n")}\n`, "utf8");
}

const filterForm = (page: Page) => page.getByRole("form", { name: "Filter events" });
const countsTable = (page: Page) => page.getByRole("table", { name: "Events per name, most first" });

async function filter(page: Page, values: { email?: string; match?: "is exactly" | "starts with"; from?: string; to?: string }) {
  const form = filterForm(page);
  if (values.email !== undefined) await form.getByLabel("Email", { exact: true }).fill(values.email);
  if (values.match) await form.getByLabel("Email match").selectOption({ label: values.match });
  if (values.from !== undefined) await form.getByLabel("From (UTC)").fill(values.from);
  if (values.to !== undefined) await form.getByLabel("To (UTC)").fill(values.to);
  await form.getByRole("button", { name: "Filter" }).click();
}

test("browses an import's events in the built-in store by email, name and time, with counts per name, and deletes a range", async ({ page }) => {
  page.on("dialog", (dialog) => {
    throw new Error(`A value from the file ran as code: ${dialog.message()}`);
  });
  await chooseFile(page, { name: "events-browse.csv", mimeType: "text/csv", buffer: eventsFile() });
  await continueTo(page, "review");
  await continueTo(page, "options");
  await page.getByRole("button", { name: new RegExp(`Send ${visits + 3} events`) }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done", { timeout: 30_000 });

  await page.goto("/events");
  await filter(page, { email: ann.toUpperCase() });
  await expect(page).toHaveURL(/[?&]email=/);
  await expect(page.getByTestId("event-row")).toHaveCount(3);
  await expect(page.getByTestId("event-row").first()).toContainText("1990-02-10 09:30");
  await expect(countsTable(page).getByRole("row")).toHaveText([/Event name\s*Events/, /purchase\s*2/, /signup\s*1/]);
  await expect(page.getByTestId("events-total")).toHaveText("3 events under these filters.");
  // The file's markup is shown as text, never run or rendered.
  await expect(page.getByTestId("event-row").filter({ hasText: "plan: <img src=x onerror=alert(1)>" })).toHaveCount(1);
  await expect(page.locator("main img")).toHaveCount(0);

  await filter(page, { email: `${run}.`, match: "starts with" });
  await expect(countsTable(page).getByRole("row")).toHaveText([/Event name/, new RegExp(`visit\\s*${visits}`), /purchase\s*2/, /signup\s*1/]);
  await expect(page.getByTestId("event-row")).toHaveCount(50);
  await expect(page.getByRole("link", { name: "← Newer" })).toHaveCount(0);
  await page.getByRole("link", { name: "Older →" }).click();
  await expect(page.getByTestId("event-row")).toHaveCount(visits + 3 - 50);
  await expect(page.getByTestId("event-row").last()).toContainText("1990-01-01 08:00");
  await page.getByRole("link", { name: "← Newer" }).click();
  await expect(page.getByTestId("event-row")).toHaveCount(50);

  await countsTable(page).getByRole("link", { name: "purchase" }).click();
  await expect(page).toHaveURL(/[?&]event=purchase/);
  await expect(page.getByTestId("event-row")).toHaveCount(2);

  await filter(page, { from: "1990-01-10T00:00", to: "1990-02-28T23:59" });
  await expect(page.getByTestId("event-row")).toHaveCount(2);
  await expect(countsTable(page).getByRole("row")).toHaveText([/Event name/, /purchase\s*2/]);

  const remove = page.getByRole("region", { name: "Delete events by time range" });
  await remove.getByLabel("From (UTC)").fill("1990-01-01T00:00");
  await remove.getByLabel("To (UTC)").fill("1990-01-01T23:59");
  await remove.getByRole("button", { name: "Review the deletion" }).click();
  await expect(page.getByTestId("delete-events-confirmation")).toHaveText(
    "1 event from 1990-01-01 00:00 to 1990-01-01 23:59 UTC, both minutes included, will be deleted from the built-in store. This cannot be undone.",
  );
  await remove.getByRole("button", { name: "Delete 1 event" }).click();
  await expect(page.getByTestId("delete-events-result")).toHaveText("Deleted 1 event from 1990-01-01 00:00 to 1990-01-01 23:59 UTC.");

  await page.goto(`/events?email=${encodeURIComponent(ann)}`);
  await expect(countsTable(page).getByRole("row")).toHaveText([/Event name/, /purchase\s*2/]);
});

test("says which filter is wrong instead of listing", async ({ page }) => {
  await page.goto("/events?from=1990-02-30T00:00");
  await expect(page.getByTestId("filter-error")).toHaveText("These filters cannot be used: from: 1990-02-30T00:00 is not a date and time that exists.");
  await expect(page.getByTestId("event-row")).toHaveCount(0);
});

/** Orders of this run whose items column is read as JSON, as the README suggests for an order's line items. */
function ordersFile(buyer: string): Buffer {
  const lines = [
    "email,event_name,time,order_id,items",
    `${buyer},purchase,1991-04-01 10:00Z,A-1,"[{""name"":""Blue Mug"",""quantity"":2,""cost"":21}]"`,
    `${buyer},purchase,1991-04-02 10:00Z,A-2,"{""name"":""Tea Towel"",""quantity"":1}"`,
  ];
  return Buffer.from(`${lines.join("\n")}\n`, "utf8");
}

for (const width of [1280, 390]) {
  test(`lists events with JSON parameters as compact text, at ${width} px`, async ({ page }) => {
    const buyer = `${run}.jo${width}@example.com`;
    await page.setViewportSize({ width, height: 900 });
    await chooseFile(page, { name: `orders-json-${width}.csv`, mimeType: "text/csv", buffer: ordersFile(buyer) });
    await expect(page.getByLabel("items", { exact: true })).toHaveValue("json");
    await continueTo(page, "review");
    await continueTo(page, "options");
    await page.getByRole("button", { name: /Send 2 events/ }).click();
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("import-status")).toHaveText("Done", { timeout: 30_000 });

    await page.goto(`/events?email=${encodeURIComponent(buyer)}`);
    await expect(page.getByTestId("event-row")).toHaveCount(2);
    await expect(page.getByTestId("event-row").filter({ hasText: 'items: {"name":"Tea Towel","quantity":1}' })).toHaveCount(1);
    await expect(page.getByTestId("event-row").filter({ hasText: 'items: [{"cost":21,"name":"Blue Mug","quantity":2}]' })).toHaveCount(1);
    if (width === 1280) await page.screenshot({ path: "docs/screenshots/events-json.png", fullPage: true });
  });
}
