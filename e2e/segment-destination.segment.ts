import { expect, test } from "@playwright/test";
import type { SegmentCall } from "@/lib/testing/segment-contract";
import { segmentReceivedURL } from "../playwright.segment.config";
import { chooseFile, continueTo } from "./wizard";

type Received = { events: SegmentCall[]; dropped: string[]; violations: string[] };

async function received(): Promise<Received> {
  return (await fetch(segmentReceivedURL)).json() as Promise<Received>;
}

test("shows an event over Segment's 32 kB as a row error in review, and sends the others as track calls", async ({ page }) => {
  const before = await received();
  const file = [
    "email,event_name,time,note",
    "ann@example.com,purchase,2015-01-15 01:15+10,gold",
    `bob@example.com,purchase,2016-03-01 09:30Z,${"x".repeat(33_000)}`,
    "cy@example.com,signup,2016-03-02 10:00Z,",
  ].join("\n");
  await chooseFile(page, { name: "to-segment.csv", mimeType: "text/csv", buffer: Buffer.from(file, "utf8") });
  await continueTo(page, "review");
  await expect(page.getByTestId("count-invalid")).toHaveText("1");
  await expect(page.locator('[data-testid="grid-row"][data-row="3"]')).toContainText("Segment accepts 32 kB at most and drops a larger one without saying so");
  await continueTo(page, "options");
  await expect(page.getByRole("combobox", { name: "Destination" })).toHaveValue("segment");
  await expect(page.getByTestId("trigger-note")).toContainText("Segment passes every event on to the destinations connected to its source");
  await page.getByRole("button", { name: /Send 2 events/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done, with rejected rows", { timeout: 30_000 });
  await expect(page.getByTestId("import-delivered")).toHaveText("2");
  await expect(page.getByTestId("import-rejected")).toHaveText("1");

  const after = await received();
  expect(after.violations).toEqual([]);
  expect(after.dropped).toEqual([]);
  expect(after.events.slice(before.events.length).map(({ messageId, ...call }) => ({ ...call, messageId: messageId.length }))).toEqual([
    { type: "track", event: "purchase", userId: "ann@example.com", properties: { note: "gold" }, timestamp: "2015-01-14T15:15:00.000Z", messageId: 32 },
    { type: "track", event: "signup", userId: "cy@example.com", properties: {}, timestamp: "2016-03-02T10:00:00.000Z", messageId: 32 },
  ]);
});
