import { expect, test } from "@playwright/test";
import { webhookReceivedURL } from "../playwright.webhook.config";
import { chooseFile, continueTo } from "./wizard";

/** Five batches of 500, each answered after a second by the slow receiver: time enough to cancel. */
const ROWS = 2_500;

test("an import cancelled from its page mid-delivery ends cancelled, every row accounted for, with a report", async ({ page }) => {
  const stamp = Date.now();
  const fileName = `cancel-${stamp}.csv`;
  const lines = ["email,event_name,time"];
  for (let i = 0; i < ROWS; i++) lines.push(`c${i}.${stamp}@example.com,order,2022-01-01 ${String(i % 24).padStart(2, "0")}:00`);
  await chooseFile(page, { name: fileName, mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\n")}\n`) });
  await continueTo(page, "review");
  await continueTo(page, "options");
  await page.getByRole("button", { name: /Send 2,500 events/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);

  await page.getByRole("button", { name: "Cancel import" }).click();
  await page.getByRole("button", { name: "Yes, cancel the import" }).click();
  await expect(page.getByTestId("import-status")).toHaveText("Cancelled", { timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Rejected rows" })).toBeVisible({ timeout: 30_000 });
  const count = async (name: string) => Number((await page.getByTestId(`import-${name}`).textContent())!.replaceAll(",", ""));
  const [total, delivered, duplicates, rejected] = [await count("total"), await count("delivered"), await count("duplicates"), await count("rejected")];
  expect(total).toBe(ROWS);
  expect(delivered + duplicates + rejected).toBe(total);
  expect(rejected).toBeGreaterThan(0);
  expect(delivered).toBeLessThan(ROWS);
  const received = (await (await fetch(webhookReceivedURL)).json()) as { batches: number; violations: string[] };
  expect(received.violations).toEqual([]);
  expect(received.batches * 500).toBe(delivered);
  await expect(page.getByTestId("rejected-row").first()).toContainText("Cancelled by admin@example.com");
  await expect(page.getByRole("link", { name: "Download rejected rows (CSV)" })).toBeVisible();

  // No SMTP server here: the report is in the outbox, and says why the rows were not sent.
  await expect(page.getByTestId("report-delivery")).toContainText("kept in the outbox", { timeout: 60_000 });
  await page.goto("/outbox");
  const message = page.getByTestId("outbox-message").filter({ hasText: `Import of ${fileName}: cancelled` });
  await expect(message).toContainText("Cancelled by admin@example.com: the rows not yet sent are listed as rejected, ready to import later.");
  await expect(message).toContainText(`Rejected: ${rejected.toLocaleString("en")}`);
});
