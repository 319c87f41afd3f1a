import { expect, test } from "@playwright/test";
import { chooseFile, continueTo, waitForMail } from "./wizard";

const ROWS = 200_000;

test("an import cancelled from its page mid-delivery ends cancelled, every row accounted for, with a report", async ({ page }) => {
  test.setTimeout(300_000);
  const stamp = Date.now();
  const fileName = `cancel-${stamp}.csv`;
  const lines = ["email,event_name,time"];
  for (let i = 0; i < ROWS; i++) lines.push(`c${i}.${stamp}@example.com,order,2022-01-01 ${String(i % 24).padStart(2, "0")}:00`);
  await chooseFile(page, { name: fileName, mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\n")}\n`) });
  await continueTo(page, "review");
  await continueTo(page, "options");
  await page.getByRole("button", { name: /Send 200,000 events/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/, { timeout: 240_000 });

  await page.getByRole("button", { name: "Cancel import" }).click();
  await page.getByRole("button", { name: "Yes, cancel the import" }).click();
  await expect(page.getByTestId("import-status")).toHaveText("Cancelled", { timeout: 60_000 });
  await expect(page.getByRole("heading", { name: "Rejected rows" })).toBeVisible({ timeout: 60_000 });
  const count = async (name: string) => Number((await page.getByTestId(`import-${name}`).textContent())!.replaceAll(",", ""));
  const [total, delivered, duplicates, rejected] = [await count("total"), await count("delivered"), await count("duplicates"), await count("rejected")];
  expect(total).toBe(ROWS);
  expect(delivered + duplicates + rejected).toBe(total);
  expect(rejected).toBeGreaterThan(0);
  await expect(page.getByTestId("rejected-row").first()).toContainText("Cancelled by admin@example.com");
  await expect(page.getByRole("link", { name: "Download rejected rows (CSV)" })).toBeVisible();

  const mail = await waitForMail(`Import of ${fileName}: cancelled`);
  expect(mail.text).toContain("Cancelled by admin@example.com: the rows not yet sent are listed as rejected, ready to import later.");
  expect(mail.text).toContain(`Rejected: ${rejected}`);
  await expect(page.getByTestId("report-delivery")).toContainText("The report was sent to admin@example.com");
});
