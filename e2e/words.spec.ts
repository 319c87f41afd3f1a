import { expect, test } from "@playwright/test";
import { chooseFile, continueTo } from "./wizard";

const csv = (name: string, text: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
const PASSWORD = "member password 456";

for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
  test.describe(`at ${viewport.width} px`, () => {
    test.use({ viewport, timezoneId: "Europe/Kiev" });

    test("a header with spaces shows once, zones go by current names with offsets and a search, and a reading names its zone", async ({ page }) => {
      await chooseFile(page, csv("spaced.csv", " email, event_name, time\nann@example.com,purchase,2024-01-15 10:00\n"));
      const zone = page.getByTestId("time-zone");
      // The browser says Europe/Kiev; the list says Europe/Kyiv, with its offset.
      await expect(zone).toHaveValue("Europe/Kyiv");
      await expect(zone.locator("option:checked")).toHaveText(/^Europe\/Kyiv \(UTC\+0[23]:00\)$/);
      await expect(zone.locator('option[value="Europe/Kiev"]')).toHaveCount(0);
      await page.getByTestId("time-zone-search").fill("new york");
      await expect(zone.locator("option")).toHaveText([/^Europe\/Kyiv/, /^America\/New York \(UTC-0[45]:00\)$/]);
      await zone.selectOption("America/New_York");
      await page.getByTestId("time-zone-search").fill("");
      await continueTo(page, "review");
      await expect(page.getByRole("columnheader", { name: "event_name", exact: true })).toBeVisible();
      await expect(page.locator('[data-testid="grid-row"][data-row="2"] [data-reading]')).toHaveAttribute("data-reading", "15 Jan 2024, 10:00 (America/New York)");
    });

    test("an upload error names the file, and the missing event name points to one name for every row", async ({ page }) => {
      await page.goto("/imports/new");
      await page.getByTestId("file-input").setInputFiles(csv("empty-orders.csv", ""));
      await expect(page.getByTestId("file-error")).toContainText("empty-orders.csv");
      await expect(page.getByTestId("file-error").locator("code")).toHaveText("empty-orders.csv");
      await chooseFile(page, csv("orders.csv", "email,time,total\nann@example.com,2024-01-15 10:00,12\n"));
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByTestId("mapping-error")).toHaveText(
        "Choose the column that holds the event name, or, if no column does, choose “The same for every row” under Event name.");
      await page.getByLabel("The same for every row").check();
      await page.getByTestId("event-name").fill("Places an order");
      await expect(page.getByTestId("mapping-error")).toHaveCount(0);
    });
  });
}

test("the header names the Account page, and a member opening an admin page gets the app's own not-found page with a way back", async ({ page, browser }) => {
  await expect(async () => {
    await page.goto("/");
    await expect(page.getByRole("link", { name: /^Account / })).toBeVisible({ timeout: 1_000 });
  }).toPass();
  const member = `words.${Date.now()}@example.com`;
  await page.goto("/admin/users");
  await page.getByLabel("Email").fill(member);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.locator("#new-password + p")).not.toBeEmpty();
  // The error leaves once the field is fixed, and the form goes through.
  await page.getByLabel("Password").fill(PASSWORD);
  await expect(page.locator("#new-password + p")).toBeEmpty();
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByTestId("add-user-result")).toContainText(`Added ${member}`);

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const other = await context.newPage();
  await other.goto("/sign-in");
  await other.getByLabel("Email").fill(member);
  await other.getByLabel("Password").fill(`${PASSWORD} wrong`);
  await other.getByRole("button", { name: "Sign in" }).click();
  const refusal = other.getByTestId("sign-in-error");
  await expect(refusal).not.toBeEmpty();
  await other.getByLabel("Password").fill(PASSWORD);
  await expect(refusal).toBeEmpty();
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByTestId("signed-in-as")).toHaveText(member);
  expect((await other.goto("/admin"))!.status()).toBe(404);
  await expect(other.getByTestId("not-found")).toBeVisible();
  await expect(other.getByRole("heading", { name: "There is no such page here" })).toBeVisible();
  await other.getByRole("link", { name: "Back to the start" }).click();
  await expect(other).toHaveURL(/\/$/);
  await context.close();
});
