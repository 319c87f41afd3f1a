import { expect, test } from "@playwright/test";
import { chooseFile, continueTo } from "./wizard";

test.use({ timezoneId: "UTC" });

const report = {
  name: "weekly-export.csv", mimeType: "text/csv",
  buffer: Buffer.from("Wöchentlicher Export\n\nKunde;Aktion;Zeitpunkt\nann@example.com;kauf;2024-01-15 10:30\nbob@example.com;kauf;2024-01-16 11:00\n"),
};

test("asks which line holds the column names when none names the fields, showing the first lines, and reads from the one chosen", async ({ page }) => {
  await chooseFile(page, report);
  const question = page.getByTestId("header-line-choice");
  await expect(question).toContainText("Which line holds the column names?");
  await expect(question.getByTestId("first-line")).toHaveText([
    /^Line 1Wöchentlicher ExportThe header now$/, /^Line 3Kunde;Aktion;Zeitpunkt/, /^Line 4ann@example\.com;kauf/, /^Line 5bob@example\.com;kauf/,
  ]);
  await question.getByRole("button", { name: "Use line 3 as the header" }).click();

  await expect(page.getByLabel("Kunde")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("file-facts")).toHaveText("UTF-8, semicolon-separated, 2 rows");
  await expect(question.getByTestId("first-line").nth(1)).toContainText("The header now");
  await page.getByLabel("Kunde").selectOption("email");
  await page.getByLabel("Aktion").selectOption("event_name");
  await page.getByLabel("Zeitpunkt").selectOption("time");
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 2 valid rows, 0 with problems.");
  await continueTo(page, "review");
  await expect(page.locator('[data-testid="grid-row"][data-row="4"] [data-reading]')).toHaveAttribute("data-reading", "15 Jan 2024, 10:30 (UTC)");
});
