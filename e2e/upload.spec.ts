import { expect, test } from "@playwright/test";
import { fileURLToPath } from "node:url";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

test("counts the rows of an uploaded file, and flags the bad one", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Start an import" }).click();
  await page.getByTestId("file-input").setInputFiles(fixture("vero-example.csv"));
  await expect(page.getByTestId("count-total")).toHaveText("3");
  await expect(page.getByTestId("count-valid")).toHaveText("2");
  await expect(page.getByTestId("count-invalid")).toHaveText("1");
  await expect(page.getByTestId("file-facts")).toHaveText("UTF-8, comma-separated");
  await expect(page.getByTestId("problem-row")).toContainText("`not-an-email` is not an email address");
  // The README's picture of the review step comes from here (copied from test-results/ by hand).
  await page.screenshot({ path: "test-results/review-step.png", fullPage: true });
});

test("refuses a workbook renamed to .csv, and stays on the upload step", async ({ page }) => {
  await page.goto("/imports/new");
  await page.getByTestId("file-input").setInputFiles(fixture("renamed-workbook.csv"));
  await expect(page.getByTestId("file-error")).toContainText("Excel workbook (.xlsx)");
  await expect(page.getByTestId("file-error")).toContainText("save it as CSV");
  await expect(page.getByRole("heading", { name: "1. Choose your file" })).toBeVisible();
});

test("says how many events are recent enough to start campaigns, with the box off by default", async ({ page }) => {
  const hour = 3_600_000;
  const at = (ago: number) => new Date(Date.now() - ago).toISOString();
  const csv = ["email,event_name,time", `a@example.com,signup,${at(hour)}`, `b@example.com,signup,${at(2 * hour)}`,
    `c@example.com,signup,${at(240 * hour)}`].join("\n");
  await page.goto("/imports/new");
  await page.getByTestId("file-input").setInputFiles({ name: "recent.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("trigger-campaigns")).not.toBeChecked();
  await expect(page.getByTestId("trigger-window-count")).toHaveText(
    "2 of your events are from the last 72 hours and could start campaigns.",
  );
});
