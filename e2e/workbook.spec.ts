import { expect, test } from "@playwright/test";
import { dateCell, workbookBytes } from "../lib/testing/workbooks";
import { continueTo } from "./wizard";

// Typed dates are wall times read in the import's zone, which is the browser's: one zone, so that readings are known.
test.use({ timezoneId: "UTC" });

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A shop's export as Excel saves it: a notes sheet first, then the orders below a title, with typed dates. */
const orders = Buffer.from(workbookBytes([
  { name: "Notes", rows: [["Exported from the shop on 2024-02-01"]] },
  { name: "Orders", rows: [
    ["Orders, January 2024"], [],
    ["Email", "Event", "Date", "Total", "Zip"],
    ["ann@example.com", "order", dateCell(45306.4375), { t: "n", v: 12.5, z: "0.00" }, { t: "n", v: 1234, z: "00000" }],
    ["bob@example.com", "order", dateCell(45307.75, "m/d/yy h:mm"), 8, "10115"],
    ["carol(at)example.com", "order", dateCell(45308), 3, "75001"],
  ] },
]));

test("reads the sheet chosen of an .xlsx with two, with its typed dates, and sends its rows with the sheet's row numbers", async ({ page }) => {
  await page.goto("/imports/new");
  await page.getByTestId("file-input").setInputFiles({ name: "january-orders.xlsx", mimeType: XLSX_TYPE, buffer: orders });
  const choice = page.getByTestId("sheet-choice");
  await expect(choice).toContainText("This workbook has 2 sheets. Which one holds the events?");
  // The wrong sheet first: it says why, and the sheets are offered again.
  await choice.getByRole("button", { name: "Read “Notes”" }).click();
  await expect(page.getByTestId("file-error")).toContainText("no rows of events");
  await choice.getByRole("button", { name: "Read “Orders”" }).click();

  await expect(page.getByRole("heading", { name: "2. Match the columns of january-orders.xlsx" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("file-facts")).toHaveText("Sheet “Orders” of 2, 3 rows");
  await expect(page.getByLabel("Date", { exact: true })).toHaveValue("time");
  // A typed date needs no question about the order of day and month.
  await expect(page.getByTestId("date-order")).toHaveCount(0);
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 2 valid rows, 1 with problems.");

  await continueTo(page, "review");
  const time = (row: number) => page.locator(`[data-testid="grid-row"][data-row="${row}"] [data-reading]`);
  await expect(time(4)).toHaveAttribute("data-reading", "15 Jan 2024, 10:30 (UTC)");
  await expect(time(5)).toHaveAttribute("data-reading", "16 Jan 2024, 18:00 (UTC)");
  await expect(page.locator('[data-testid="grid-row"][data-row="4"]')).toContainText("01234");
  await expect(page.locator('[data-testid="grid-row"][data-row="6"]').getByTestId("bad-cell")).toHaveCount(1);

  await continueTo(page, "options");
  await page.getByRole("button", { name: /Send 2 events/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done, with rejected rows", { timeout: 30_000 });
  await expect(page.getByTestId("import-delivered")).toHaveText("2");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download rejected rows (CSV)" }).click();
  expect((await download).suggestedFilename()).toMatch(/^january-orders.*\.csv$/);
  const chunks: Buffer[] = [];
  for await (const chunk of await (await download).createReadStream()) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).toString("utf8")).toContain("carol(at)example.com,order,2024-01-17 00:00:00,3,75001,6,");
});

test("refuses an old .xls workbook by its name, with what to do instead", async ({ page }) => {
  await page.goto("/imports/new");
  await page.getByTestId("file-input").setInputFiles({ name: "orders.xls", mimeType: "application/vnd.ms-excel", buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0]) });
  await expect(page.getByTestId("file-error")).toContainText("save it as an Excel Workbook (.xlsx) or as CSV UTF-8");
});
