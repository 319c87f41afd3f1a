import { expect, test } from "@playwright/test";
import type { YespoPastEvent } from "@/lib/testing/yespo-contract";
import { yespoReceivedURL } from "../playwright.yespo.config";
import { chooseFile, continueTo } from "./wizard";

async function pastEvents(): Promise<YespoPastEvent[]> {
  return ((await (await fetch(yespoReceivedURL)).json()) as { pastEvents: YespoPastEvent[] }).pastEvents;
}

const FILE = [
  "email,event_name,time,plan",
  "o'brien@example.com,upgrade,2018-06-01 10:00Z,pro",
  "ledger-ann@example.com,upgrade,2018-06-02 10:00Z,pro",
  "ledger-bob@example.com,upgrade,2018-06-03 10:00Z,free",
].join("\n");
const file = { name: "upgrades.csv", mimeType: "text/csv", buffer: Buffer.from(FILE, "utf8") };

test("review shows Yespo's rules as row errors, and, for a file imported before, how many events Yespo already has", async ({ page }) => {
  const before = (await pastEvents()).length;
  await chooseFile(page, file);
  await continueTo(page, "review");
  await expect(page.getByTestId("count-invalid")).toHaveText("1");
  await page.locator("fieldset label").filter({ hasText: /^Invalid / }).click();
  await expect(page.getByRole("radio", { name: /^Invalid / })).toBeChecked();
  await expect(page.getByTestId("bad-cell").first()).toHaveAttribute("title",
    "The email address \"o'brien@example.com\" contains an apostrophe ('), which Yespo does not accept in an event's contact key.");
  await continueTo(page, "options");
  await page.getByRole("button", { name: /Send 2 events/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done, with rejected rows", { timeout: 30_000 });
  expect((await pastEvents()).length).toBe(before + 2);

  // The same file again: the review knows before sending that Yespo has both valid events.
  await chooseFile(page, file);
  await continueTo(page, "review");
  await expect(page.getByTestId("already-delivered")).toHaveText(
    "2 of the valid events were already delivered to Yespo by an earlier import: they will be skipped as duplicates. Choose “Already delivered” below to see them.",
    { timeout: 15_000 });
  await expect(page.getByTestId("count-send")).toHaveText("0");
  await expect(page.getByTestId("count-delivered")).toHaveText("2");
  await page.locator("fieldset label").filter({ hasText: /^Already delivered / }).click();
  await expect(page.getByRole("radio", { name: /^Already delivered / })).toBeChecked();
  await expect(page.getByTestId("grid-row")).toHaveCount(2);
  await continueTo(page, "options");
  await page.getByRole("button", { name: "Send 0 events" }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done, with rejected rows", { timeout: 30_000 });
  await expect(page.getByTestId("import-delivered")).toHaveText("0");
  await expect(page.getByTestId("import-duplicates")).toHaveText("2");
  expect((await pastEvents()).length).toBe(before + 2);
});
