import { expect, test, type Page } from "@playwright/test";
import { chooseFile, continueTo, holdStagingCall } from "./wizard";

/** 12,000 valid rows, none of them sent by another test: three stageRows calls (5,000, 5,000 and 2,000 rows). */
function eventsCsv(name: string, who = "upload"): { name: string; mimeType: string; buffer: Buffer } {
  const lines = ["email,event_name,time,plan"];
  for (let i = 0; i < 12_000; i++) lines.push(`${who}${i}@example.com,signup,2021-03-01 10:${String(i % 60).padStart(2, "0")},pro`);
  return { name, mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\n")}\n`) };
}

async function sendHalf(page: Page, fileName: string) {
  // The second call waits: the upload is half done, the first call's rows on the server.
  const hold = await holdStagingCall(page, 1);
  await chooseFile(page, eventsCsv(fileName));
  await continueTo(page, "review");
  await continueTo(page, "options");
  await page.getByRole("button", { name: /Send 12,000 events/ }).click();
  await hold.held;
  await expect(page.getByTestId("rows-uploaded")).toHaveText(/^(5,000|10,000) of 12,000 rows uploaded$/);
  await expect(page.getByTestId("keep-tab-open")).toContainText(`Keep this tab open while the rows of ${fileName} go up to the server`);
  return hold;
}

test("Cancel during the upload discards what arrived, and the file can be sent again", async ({ page }) => {
  const hold = await sendHalf(page, "cancelled-upload.csv");
  await page.getByRole("button", { name: "Cancel and discard the import" }).click();
  hold.release();
  await expect(page.getByRole("heading", { name: "4. Options" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("alert").filter({ hasText: "cancelled" })).toHaveText(
    "The upload of cancelled-upload.csv was cancelled, and what had arrived of it was discarded. Send it again when you are ready.");
  await page.goto("/imports");
  await expect(page.getByText("cancelled-upload.csv")).toHaveCount(0);
});

test("the leave question names the half-sent import, which then waits on its page to be discarded", async ({ page }) => {
  const hold = await sendHalf(page, "left-upload.csv");
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.accept();
  });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Imports" }).click();
  await expect(page).toHaveURL(/\/imports$/);
  expect(asked).toMatch(/^Leave this import\? left-upload\.csv is half sent: (5,000|10,000) of 12,000 rows are on the server\. /);
  hold.release();

  await page.getByRole("link", { name: "left-upload.csv" }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Receiving rows");
  const importUrl = page.url();
  await page.getByRole("button", { name: "Discard import" }).click();
  await expect(page.getByRole("group", { name: "Discard this import?" })).toContainText("The rows uploaded so far are deleted");
  await page.getByRole("button", { name: "Yes, discard it" }).click();
  await expect(page).toHaveURL(/\/imports$/);
  await expect(page.getByText("left-upload.csv")).toHaveCount(0);
  expect((await page.goto(importUrl))!.status()).toBe(404);
});

test("a reload in the middle of an upload, then the same file again: the upload continues, every row staged once", async ({ page }) => {
  // The last call never reaches the server: the first two do, then the tab reloads.
  const { held } = await holdStagingCall(page, 2);
  const file = eventsCsv("reloaded-upload.csv", "reloaded");
  await chooseFile(page, file);
  await continueTo(page, "review");
  await continueTo(page, "options");
  await page.getByRole("button", { name: /Send 12,000 events/ }).click();
  await held;
  await expect(page.getByTestId("rows-uploaded")).toHaveText("10,000 of 12,000 rows uploaded");
  page.once("dialog", (dialog) => void dialog.accept());
  await page.reload();
  await page.unrouteAll({ behavior: "ignoreErrors" });

  await page.getByTestId("file-input").setInputFiles(file);
  const offer = page.getByTestId("continue-upload");
  await expect(offer).toContainText("10,000 of 12,000 rows of reloaded-upload.csv are on the server", { timeout: 30_000 });
  await offer.getByRole("button", { name: "Continue sending" }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  await expect(page.getByTestId("import-status")).toHaveText("Done", { timeout: 60_000 });
  await expect(page.getByTestId("import-delivered")).toHaveText("12,000");
  await expect(page.getByTestId("import-rejected")).toHaveText("0");
  await page.goto("/imports");
  await expect(page.getByRole("link", { name: "reloaded-upload.csv" })).toHaveCount(1);
});
