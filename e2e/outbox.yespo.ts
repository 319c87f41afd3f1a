import { expect, test } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { chooseFile, continueTo } from "./wizard";

/** This app has no SMTP server: the report stays in the outbox, and the import's page says so. */
test("the outbox shows a report's attachment and downloads it", async ({ page }) => {
  const stamp = Date.now();
  const fileName = `outbox-${stamp}.csv`;
  await chooseFile(page, { name: fileName, mimeType: "text/csv", buffer: Buffer.from(
    `email,event_name,time\nann.${stamp}@example.com,signup,2016-03-01 09:30Z\nnot-an-email,signup,2016-03-02 09:30Z\n`) });
  await continueTo(page, "review");
  await continueTo(page, "options");
  await page.getByRole("button", { name: /Send 1 event/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done, with rejected rows", { timeout: 30_000 });
  await expect(page.getByTestId("report-delivery")).toHaveText("The report is kept in the outbox (no SMTP server is set to send it).", { timeout: 30_000 });

  const importUrl = page.url();

  await page.goto("/outbox");
  const message = page.getByTestId("outbox-message").filter({ hasText: `Import of ${fileName}` });
  await expect(message).toHaveCount(1);
  // The report's link to its import is a link here too.
  await expect(message.getByRole("link", { name: importUrl, exact: true })).toHaveAttribute("href", importUrl);
  await page.screenshot({ path: "docs/screenshots/outbox.png", fullPage: true });
  const download = page.waitForEvent("download");
  await message.getByRole("link", { name: "Download rejected-rows.csv" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("rejected-rows.csv");
  const text = (await readFile(await file.path())).toString("utf8");
  expect(text).toBe("\uFEFFemail,event_name,time,row_number,rejection_reason\r\nnot-an-email,signup,2016-03-02 09:30Z,3,\"\"\"not-an-email\"\" is not an email address: it has no @.\"");
});
