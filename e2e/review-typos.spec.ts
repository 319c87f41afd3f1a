import { expect, test } from "@playwright/test";
import { chooseFile, continueTo } from "./wizard";

test("a likely misspelt domain is a warning, and one click fixes every row with it", async ({ page }) => {
  await chooseFile(page, { name: "typos.csv", mimeType: "text/csv", buffer: Buffer.from([
    "email,event_name,time",
    "ann@gmial.com,signup,2021-01-01",
    "bob@gmial.com,signup,2021-01-02",
    "cy@hotmial.com,signup,2021-01-03",
    "dee@example.com,signup,2021-01-04",
  ].join("\n")) });
  await continueTo(page, "review");
  // Warnings never stop a row.
  await expect(page.getByTestId("count-send")).toHaveText("4");
  await expect(page.getByTestId("count-invalid")).toHaveText("0");
  const typos = page.getByTestId("typos");
  await expect(typos).toContainText("gmial.com in 2 rows: did you mean gmail.com?");
  await expect(typos).toContainText("hotmial.com in 1 row: did you mean hotmail.com?");
  await page.locator('[data-testid="grid-row"][data-row="2"] [data-testid="cell"]').first().hover();
  await expect(page.getByTestId("cell-reason")).toHaveText("Row 2: Did you mean ann@gmail.com? gmial.com looks like a misspelling.");

  await typos.getByRole("button", { name: "Change to gmail.com in 2 rows" }).click();
  await expect(page.locator('[data-testid="grid-row"][data-row="2"]')).toContainText("ann@gmail.com");
  await expect(page.locator('[data-testid="grid-row"][data-row="3"]')).toContainText("bob@gmail.com");
  await expect(typos).not.toContainText("gmial.com");
  await expect(typos).toContainText("hotmial.com");
  await expect(page.getByTestId("count-send")).toHaveText("4");
});
