import { expect, test } from "@playwright/test";
import { chooseFile, continueTo } from "./wizard";

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString().slice(0, 16).replace("T", " ") + "Z";

/** Two events from years ago, imported first; then the same two again, one recent event, and a bad row. */
const first = ["email,event_name,time", "counts-ann@example.com,signup,2019-05-01 10:00Z", "counts-bob@example.com,signup,2019-05-02 10:00Z"];
const again = [...first, `counts-cy@example.com,signup,${hoursAgo(2)}`, "not-an-email,signup,2019-05-03 10:00Z"];
const csv = (name: string, lines: string[]) => ({ name, mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) });

test("the counts and the Send button count only what will be delivered, and say how many may start campaigns", async ({ page }) => {
  await chooseFile(page, csv("counts-first.csv", first));
  await continueTo(page, "review");
  await continueTo(page, "options");
  await page.getByRole("button", { name: "Send 2 events" }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done", { timeout: 30_000 });

  await chooseFile(page, csv("counts-again.csv", again));
  await continueTo(page, "review");
  await expect(page.getByTestId("count-delivered")).toHaveText("2", { timeout: 15_000 });
  await expect(page.getByTestId("count-send")).toHaveText("1");
  await expect(page.getByTestId("count-invalid")).toHaveText("1");
  await continueTo(page, "options");
  await expect(page.getByTestId("events-to-send")).toHaveText("1");
  const send = page.getByRole("button", { name: /^Send / });
  await expect(send).toHaveText("Send 1 event");
  await page.getByTestId("trigger-campaigns").check();
  await expect(send).toHaveText("Send 1 event (1 may start campaigns)");
  await page.getByTestId("trigger-campaigns").uncheck();
  await send.click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done, with rejected rows", { timeout: 30_000 });
  await expect(page.getByTestId("import-delivered")).toHaveText("1");
  await expect(page.getByTestId("import-duplicates")).toHaveText("2");
  await expect(page.getByTestId("import-rejected")).toHaveText("1");
});
