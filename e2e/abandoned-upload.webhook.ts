import { expect, test } from "@playwright/test";
import { chooseFile, continueTo, holdStagingCall } from "./wizard";

/**
 * The sweep of uploads nobody finished, as pg-boss runs it in the app: this project's app discards an
 * import still receiving rows 18 seconds after it was started (STAGING_ABANDON_HOURS=0.005 in
 * playwright.webhook.config.ts), looking every minute.
 */
test("an upload left half-sent is discarded by the sweep, and its owner told by email", async ({ page }) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const fileName = `abandoned-${stamp}.csv`;
  const lines = ["email,event_name,time"];
  for (let i = 0; i < 20; i++) lines.push(`a${i}.${stamp}@example.com,signup,2022-01-01 10:00`);
  // The rows never reach the server: the import is created, then its tab is closed.
  const { held } = await holdStagingCall(page, 0);
  await chooseFile(page, { name: fileName, mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\n")}\n`) });
  await continueTo(page, "review");
  await continueTo(page, "options");
  await page.getByRole("button", { name: /Send 20 events/ }).click();
  await held;
  const context = page.context();
  await page.close({ runBeforeUnload: false });

  const later = await context.newPage();
  await later.goto("/imports");
  await expect(later.getByRole("link", { name: fileName })).toBeVisible();
  await expect(async () => {
    await later.goto("/imports");
    await expect(later.getByRole("link", { name: fileName })).toHaveCount(0);
  }).toPass({ timeout: 200_000, intervals: [5_000] });
  await later.goto("/outbox");
  await expect(later.getByText(`Import of ${fileName}: discarded, its upload never finished`)).toBeVisible();
});
