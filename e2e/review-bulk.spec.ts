import { expect, test, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { chooseFile, continueTo, waitForMail } from "./wizard";

const csvFile = (name: string, lines: string[]) => ({ name, mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\n")}\n`) });

async function downloadText(page: Page, click: () => Promise<void>): Promise<string> {
  const download = page.waitForEvent("download");
  await click();
  return (await readFile(await (await download).path())).toString("utf8");
}

test("replaces a value in a column over 100,000 rows, and one Undo takes the whole change back", async ({ page }) => {
  test.setTimeout(180_000);
  const lines = ["email,event_name,time,plan"];
  for (let i = 0; i < 100_000; i++) {
    lines.push(`buyer${i}@example.com,${i % 2 === 0 ? "checkout" : "signup"},2021-03-01 ${String(i % 24).padStart(2, "0")}:00,pro`);
  }
  await chooseFile(page, csvFile("hundred-thousand.csv", lines));
  await continueTo(page, "review");
  await expect(page.getByTestId("count-send")).toHaveText("100,000");
  await expect(page.getByTestId("event-names")).toContainText("checkout");

  await page.getByLabel("Column", { exact: true }).selectOption({ label: "event_name" });
  await page.getByLabel("Rows where", { exact: true }).selectOption({ label: "the value is…" });
  await page.getByLabel("Value", { exact: true }).fill("checkout");
  await page.getByLabel("New value", { exact: true }).fill("Completes checkout");
  await page.getByRole("button", { name: "Replace", exact: true }).click();
  await expect(page.getByTestId("replace-status")).toHaveText("50,000 rows changed.", { timeout: 60_000 });
  await expect(page.getByTestId("event-names").getByRole("listitem").first()).toContainText(/Completes checkout\s*50,000/);
  await expect(page.locator('[data-testid="grid-row"][data-row="2"]')).toContainText("Completes checkout");
  await expect(page.getByTestId("count-send")).toHaveText("100,000");

  await page.getByRole("button", { name: /^Undo the replace in event_name \(50,000 rows\)/ }).click();
  await expect(page.locator('[data-testid="grid-row"][data-row="2"]')).not.toContainText("Completes", { timeout: 60_000 });
  await expect(page.getByTestId("event-names")).not.toContainText("Completes checkout");
  await expect(page.getByRole("button", { name: /^Undo/ })).toHaveCount(0);
});

test("fixes every invalid value with one reason at once, and leaves out every row holding a value", async ({ page }) => {
  await chooseFile(page, csvFile("reasons.csv", [
    "email,event_name,time",
    "a@example.com,signup,soon",
    "b@example.com,signup,later",
    "n/a,signup,2021-01-01",
    "c@example.com,signup,2021-01-02",
  ]));
  await continueTo(page, "review");
  await expect(page.getByTestId("count-invalid")).toHaveText("3");
  await page.getByLabel("Column", { exact: true }).selectOption({ label: "time" });
  const reason = page.getByLabel("Rows where", { exact: true }).locator("option", { hasText: "is not a time we can read" });
  await expect(reason).toContainText("(2 rows)");
  await page.getByLabel("Rows where", { exact: true }).selectOption({ label: (await reason.textContent())! });
  await page.getByLabel("New value", { exact: true }).fill("2021-01-03");
  await page.getByRole("button", { name: "Replace", exact: true }).click();
  await expect(page.getByTestId("count-invalid")).toHaveText("1");

  await page.getByLabel("Column", { exact: true }).selectOption({ label: "email" });
  await page.getByLabel("Value", { exact: true }).fill("n/a");
  await page.getByLabel("Leave these rows out instead").check();
  await page.getByRole("button", { name: "Leave them out" }).click();
  await expect(page.getByTestId("count-left-out")).toHaveText("1");
  await expect(page.getByTestId("count-invalid")).toHaveText("0");
});

test("left-out rows are in the review's rejected rows, the import page's, and the report", async ({ page }) => {
  const stamp = Date.now();
  const fileName = `left-out-${stamp}.csv`;
  await chooseFile(page, csvFile(fileName, [
    "email,event_name,time,plan",
    `ann.${stamp}@example.com,signup,2021-06-01 10:00,pro`,
    `bob.${stamp}@example.com,signup,2021-06-02 10:00,`,
    `not-an-email,signup,2021-06-03 10:00,free`,
  ]));
  await continueTo(page, "review");
  await page.getByRole("button", { name: "Leave out row 3" }).click();
  await expect(page.getByTestId("count-left-out")).toHaveText("1");
  await expect(page.getByTestId("count-send")).toHaveText("1");

  const review = await downloadText(page, () => page.getByRole("button", { name: "Download rejected rows (CSV)" }).click());
  expect(review).toContain(`bob.${stamp}@example.com,signup,2021-06-02 10:00,,3,Left out in review`);
  expect(review).toContain("not-an-email,signup,2021-06-03 10:00,free,4,");

  await continueTo(page, "options");
  await page.getByRole("button", { name: /Send 1 event/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done, with rejected rows", { timeout: 30_000 });
  await expect(page.getByTestId("import-rejected")).toHaveText("2");
  await expect(page.getByTestId("rejected-row").filter({ hasText: "Left out in review" })).toHaveCount(1);
  const fromPage = await downloadText(page, () => page.getByRole("link", { name: "Download rejected rows (CSV)" }).click());
  expect(fromPage).toContain(`bob.${stamp}@example.com,signup,2021-06-02 10:00,,3,Left out in review`);

  const mail = await waitForMail(`Import of ${fileName}`);
  expect(mail.text).toContain(`Row 3 (bob.${stamp}@example.com, signup, 2021-06-02 10:00, plan: (empty)): Left out in review`);
  expect(mail.attachments[0].content).toContain("Left out in review");
});
