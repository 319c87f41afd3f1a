import { expect, test, type Page } from "@playwright/test";
import { chooseFile, continueTo, fixture } from "./wizard";

// Times are read in the browser's zone unless the user picks another: one zone, so that readings are known.
test.use({ timezoneId: "UTC" });

const csvFile = (name: string, lines: string[]) => ({ name, mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\r\n")}\r\n`) });

async function send(page: Page, events: number) {
  await continueTo(page, "review");
  await continueTo(page, "options");
  await page.getByRole("button", { name: new RegExp(`Send ${events} events?`) }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done", { timeout: 30_000 });
  await expect(page.getByTestId("import-delivered")).toHaveText(String(events));
}

test("sends a Shopify orders export, which has no event column, with one event name for every row", async ({ page }) => {
  await chooseFile(page, fixture("shopify-orders.csv"));
  // Its Name is the order number, not an event name: nothing is taken for the event name.
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("param");
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("email");
  await expect(page.getByLabel("Created at")).toHaveValue("time");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("mapping-error")).toHaveText("Choose the column that holds the event name, or, if no column does, choose “The same for every row” under Event name.");

  await page.getByLabel("The same for every row").check();
  await page.getByTestId("event-name").fill("o".repeat(256));
  await expect(page.getByTestId("event-name-error")).toHaveText("The event name is 256 characters long; 255 at most.");
  await page.getByTestId("event-name").fill("");
  await expect(page.getByTestId("event-name-error")).toHaveText("Type the event name every row gets.");
  await page.getByTestId("event-name").fill("order");
  await expect(page.getByTestId("event-name-error")).toHaveCount(0);
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 3 valid rows, 0 with problems.");
  await send(page, 3);
});

test("asks how an ambiguous US file writes its dates, and reads the grid's times again when the answer changes", async ({ page }) => {
  await chooseFile(page, fixture("excel-us-ambiguous.csv"));
  const order = page.getByTestId("date-order");
  await expect(order).toContainText("Dates in this file are written as");
  await expect(order).toContainText("01/02/2020 9:00 AM → 2 Jan 2020");
  await expect(order).toContainText("01/02/2020 9:00 AM → 1 Feb 2020");
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 1 valid rows, 2 with problems.");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("date-order-error")).toHaveText("Choose how the dates of this file are written: month/day/year or day/month/year.");
  await expect(page.getByRole("heading", { name: /^3\. Review/ })).toHaveCount(0);

  await page.getByLabel("month/day/year").check();
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 3 valid rows, 0 with problems.");
  await continueTo(page, "review");
  const firstTime = page.locator('[data-testid="grid-row"][data-row="2"] [data-reading]');
  await expect(firstTime).toHaveAttribute("data-reading", "2 Jan 2020, 09:00 (UTC)");

  await page.getByRole("button", { name: "Back" }).click();
  await page.getByLabel("day/month/year").check();
  await expect(page.getByLabel("day/month/year")).toBeChecked();
  await continueTo(page, "review");
  await expect(firstTime).toHaveAttribute("data-reading", "1 Feb 2020, 09:00 (UTC)");
  await expect(page.locator('[data-testid="grid-row"][data-row="3"] [data-reading]')).toHaveAttribute("data-reading", "3 Apr 2020, 10:30 (UTC)");
});

test("opens a second file with the same header with the choices made for the first", async ({ page }) => {
  const header = "Customer Mail,Kind,Placed,Store";
  await chooseFile(page, csvFile("crm-march.csv", [header, "ann@example.com,visit,03/04/2021 10:00,Kyiv", "bob@example.com,visit,05/06/2021 11:00,Lviv"]));
  await page.getByLabel("Customer Mail").selectOption("email");
  await page.getByLabel("Kind").selectOption("event_name");
  await page.getByLabel("Placed").selectOption("time");
  await page.getByLabel("Store").selectOption("skip");
  await page.getByLabel("day/month/year").check();
  await page.getByTestId("time-zone").selectOption("Europe/Berlin");
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 2 valid rows, 0 with problems.");
  await send(page, 2);

  await chooseFile(page, csvFile("crm-april.csv", [header, "cat@example.com,visit,01/02/2021 09:00,Odesa"]));
  await expect(page.getByTestId("remembered-choices")).toHaveText(
    `Using the choices of the last import with these columns: crm-march.csv, ${new Date().toISOString().slice(0, 10)} by admin@example.com. Change any of them below.`,
  );
  await expect(page.getByLabel("Customer Mail")).toHaveValue("email");
  await expect(page.getByLabel("Kind")).toHaveValue("event_name");
  await expect(page.getByLabel("Placed")).toHaveValue("time");
  await expect(page.getByLabel("Store")).toHaveValue("skip");
  await expect(page.getByLabel("day/month/year")).toBeChecked();
  await expect(page.getByTestId("time-zone")).toHaveValue("Europe/Berlin");
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 1 valid rows, 0 with problems.");

  // A header that differs in any way is a new header.
  await chooseFile(page, csvFile("crm-may.csv", [`${header},Note`, "dan@example.com,visit,2021-05-01 09:00,Kyiv,"]));
  await expect(page.getByTestId("remembered-choices")).toHaveCount(0);
});

test("maps a header of names it does not know by hand, and sends the file", async ({ page }) => {
  await chooseFile(page, csvFile("by-hand.csv", ["customer,action,when,plan", "ann@example.com,signup,2024-03-01 10:00,pro", "bob@example.com,signup,2024-03-02 11:00,free"]));
  await expect(page.getByLabel("customer")).toHaveValue("param");
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 0 valid rows, 2 with problems.");
  await page.getByLabel("customer").selectOption("email");
  await page.getByLabel("action").selectOption("event_name");
  await page.getByLabel("when").selectOption("time");
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 2 valid rows, 0 with problems.");
  await send(page, 2);
});

test("shows a column of JSON arrays as a JSON parameter, which can be switched back to text", async ({ page }) => {
  await chooseFile(page, fixture("orders-with-items.csv"));
  await expect(page.getByLabel("items", { exact: true })).toHaveValue("json");
  await expect(page.getByLabel("order_id", { exact: true })).toHaveValue("param");
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 3 valid rows, 0 with problems.");
  await page.getByLabel("order_id", { exact: true }).selectOption("json");
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 0 valid rows, 3 with problems.");
  await page.getByLabel("order_id", { exact: true }).selectOption("param");
  await page.getByLabel("items", { exact: true }).selectOption("param");
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 3 valid rows, 0 with problems.");
});

test("reads a report's rows below its title, with dates written out in other languages and addresses with names, and delivers the bare addresses", async ({ page }) => {
  await chooseFile(page, csvFile("crm-report.csv", [
    "Contacts report;;;",
    "Exported 2024-02-01;;;",
    ";;;",
    "E-Mail;Event;Time;City",
    "Olena Koval <olena.titled@example.com>;order;15 січня 2024 р. о 10:32;Kyiv",
    "\"\"\"Stone, Bob\"\" <bob.titled@example.com>\";order;15. Januar 2024 um 10:32;Berlin",
    "<eve.titled@example.com>;order;15 janv. 2024 à 09:00;Paris",
    "ivan.titled@example.com;order;15 января 2024 г. в 10:32;Almaty",
    "kate.titled@example.com;order;15.01.24 10:32;Lviv",
    "Dan <dan.titled@example.com> (work);order;15 de enero de 2024 a las 10:32;Madrid",
  ]));
  await expect(page.getByLabel("E-Mail", { exact: true })).toHaveValue("email");
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 5 valid rows, 1 with problems.");
  await continueTo(page, "review");
  // The rows keep the numbers the spreadsheet shows: the header is on line 4.
  const row = (number: number) => page.locator(`[data-testid="grid-row"][data-row="${number}"]`);
  await expect(row(5).locator("[data-reading]").first()).toHaveAttribute("data-reading", "olena.titled@example.com");
  await expect(row(5).locator("[data-reading]").last()).toHaveAttribute("data-reading", "15 Jan 2024, 10:32 (UTC)");
  await expect(row(6).locator("[data-reading]").last()).toHaveAttribute("data-reading", "15 Jan 2024, 10:32 (UTC)");
  await expect(row(9).locator("[data-reading]")).toHaveAttribute("data-reading", "15 Jan 2024, 10:32 (UTC)");
  await expect(row(10).getByTestId("bad-cell")).toHaveAttribute("title", /text follows the >/);
  await continueTo(page, "options");
  await page.getByRole("button", { name: /Send 5 events?/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done, with rejected rows", { timeout: 30_000 });
  await expect(page.getByTestId("import-delivered")).toHaveText("5");

  await page.goto("/events?email=bob.titled%40example.com");
  await expect(page.getByTestId("event-row")).toHaveCount(1);
  await expect(page.getByTestId("event-row")).toContainText("bob.titled@example.com");
  await expect(page.getByTestId("event-row")).not.toContainText("Stone");
});
