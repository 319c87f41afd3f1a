import { expect, test } from "@playwright/test";
import { admin } from "../playwright.config";
import { chooseFile, continueTo, fixture, waitForMail } from "./wizard";

test("imports a file with a bad row through the wizard and reports it", async ({ page }) => {
  await chooseFile(page, fixture("vero-example.csv"));
  await continueTo(page, "review");
  await continueTo(page, "options");
  await expect(page.getByTestId("trigger-campaigns")).not.toBeChecked();
  await expect(page.getByTestId("trigger-window-count")).toContainText("None of your events is from the last 72 hours");
  // The report goes to whoever is signed in, never to an address typed in or taken from the file.
  await expect(page.getByTestId("report-to")).toHaveText(admin.email);
  await page.getByRole("button", { name: /Send 2 events/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done, with rejected rows", { timeout: 30_000 });
  await expect(page.getByTestId("import-delivered")).toHaveText("2");
  await expect(page.getByTestId("import-rejected")).toHaveText("1");
  await expect(page.getByTestId("rejected-row")).toContainText("not-an-email");
  await page.screenshot({ path: "test-results/import-report.png", fullPage: true });
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download rejected rows (CSV)" }).click();
  const csv = await (await download).createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of csv) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  expect(text).toContain("email,event_name,time,city,row_number,rejection_reason");
  expect(text).toContain("not-an-email,purchase,2015-02-30 10:00,Berlin,4,");

  const mail = await waitForMail("Import of vero-example.csv");
  expect(mail.to).toBe(admin.email);
  expect(mail.subject).toBe("Import of vero-example.csv: done, with rejected rows, 2 delivered, 0 duplicates, 1 rejected");
  expect(mail.text).toContain("Row 4 (not-an-email, purchase, 2015-02-30 10:00, city: Berlin)");
  expect(mail.attachments[0].content).toContain("not-an-email,purchase,2015-02-30 10:00,Berlin,4,");
  expect(mail.text).toContain("What to do next: correct the rows in the attached rejected-rows.csv");

  // The HTML part as a mail client shows it: a table of the rejected rows, and a link to the import.
  const importUrl = page.url();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 800 });
    await page.setContent(mail.html);
    await expect(page.getByRole("row").filter({ hasText: "not-an-email" })).toContainText(/4\s*not-an-email\s*purchase.*2015-02-30 10:00/);
    await expect(page.getByRole("link", { name: "See the import" })).toHaveAttribute("href", importUrl);
    if (width === 1280) await page.screenshot({ path: "docs/screenshots/report-email.png", fullPage: true });
  }
});
