import { expect, test } from "@playwright/test";
import type { YespoLiveEvent, YespoPastEvent, YespoRequest } from "@/lib/testing/yespo-contract";
import { YESPO_API_KEY, YESPO_TIME_ZONE, yespoReceivedURL } from "../playwright.yespo.config";
import { chooseFile, continueTo } from "./wizard";

type Received = { requests: YespoRequest[]; pastEvents: YespoPastEvent[]; liveEvents: YespoLiveEvent[]; deletes: unknown[]; violations: string[] };

async function received(): Promise<Received> {
  return (await fetch(yespoReceivedURL)).json() as Promise<Received>;
}

const HOUR_MS = 3_600_000;
const TOKYO_OFFSET_MS = 9 * HOUR_MS;
/** `YYYY-MM-DD HH:mm` in UTC, as a file might hold it. */
const utcText = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
/** `YYYY-MM-DDTHH:mm` on Tokyo's clocks (no daylight saving time), as Yespo must get it. */
const tokyoOccurred = (ms: number) => new Date(ms + TOKYO_OFFSET_MS).toISOString().slice(0, 16);

test("sends an import with trigger campaigns off to Yespo's past events only, on the account's clocks", async ({ page }) => {
  expect(YESPO_TIME_ZONE).toBe("Asia/Tokyo");
  const before = await received();
  // Two hours ago: recent enough to start campaigns, if they were on.
  const recentMs = Math.floor((Date.now() - 2 * HOUR_MS) / 60_000) * 60_000;
  const file = [
    "email,event_name,time,plan",
    "ann@example.com,purchase,2015-01-15 01:15+10,gold",
    "bob@example.com,signup,2016-03-01 09:30Z,free",
    `cy@example.com,visit,${utcText(recentMs)}Z,pro`,
  ].join("\n");
  await chooseFile(page, { name: "to-yespo.csv", mimeType: "text/csv", buffer: Buffer.from(file, "utf8") });
  await continueTo(page, "review");
  await continueTo(page, "options");
  await expect(page.getByRole("combobox", { name: "Destination" })).toHaveValue("yespo");
  await expect(page.getByTestId("trigger-window-count")).toContainText("1 of your events is from the last 72 hours");
  await expect(page.getByTestId("trigger-campaigns")).not.toBeChecked();
  await page.getByRole("button", { name: /Send 3 events/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done", { timeout: 30_000 });
  await expect(page.getByTestId("import-delivered")).toHaveText("3");

  const after = await received();
  expect(after.violations).toEqual([]);
  const requests = after.requests.slice(before.requests.length);
  expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual(["POST /v1/past_events"]);
  expect(after.pastEvents.slice(before.pastEvents.length)).toEqual([
    {
      eventTypeKey: "purchase",
      keyValue: "ann@example.com",
      params: [{ name: "email", value: "ann@example.com" }, { name: "plan", value: "gold" }],
      occurred: "2015-01-15T00:15",
    },
    {
      eventTypeKey: "signup",
      keyValue: "bob@example.com",
      params: [{ name: "email", value: "bob@example.com" }, { name: "plan", value: "free" }],
      occurred: "2016-03-01T18:30",
    },
    {
      eventTypeKey: "visit",
      keyValue: "cy@example.com",
      params: [{ name: "email", value: "cy@example.com" }, { name: "plan", value: "pro" }],
      occurred: tokyoOccurred(recentMs),
    },
  ]);
  for (const event of after.pastEvents) expect(event.occurred).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
  expect(after.liveEvents).toEqual([]);
});

test("shows Yespo on the admin page, tests its connection, and deletes past events by range after a confirmation", async ({ page }) => {
  await page.goto("/admin");
  const yespoSection = page.getByTestId("destination-yespo");
  await expect(yespoSection.getByRole("heading", { level: 2 })).toHaveText("YespoDefault");
  await expect(page.getByTestId("destination-builtin").getByRole("heading", { level: 2 })).toHaveText("Built-in event store");
  const summary = yespoSection.getByTestId("destination-summary");
  await expect(summary).toContainText("Yespo");
  await expect(summary).toContainText(/Base URL\s*http:\/\/127\.0\.0\.1:\d+\/api/);
  await expect(summary).toContainText(`YESPO_API_KEY••••${YESPO_API_KEY.slice(-4)}`);
  await expect(summary).not.toContainText(YESPO_API_KEY);
  await expect(summary).toContainText("Account time zoneAsia/Tokyo");
  await expect(summary).toContainText("Trigger window72 hours");
  await expect(summary).toContainText("Event deleteAllowed");

  await yespoSection.getByRole("button", { name: "Test connection" }).click();
  await expect(yespoSection.getByTestId("connection-result")).toHaveText("Connected to Yespo as Contract Shop.");

  const remove = page.getByRole("region", { name: "Delete past events in Yespo" });
  await remove.getByLabel("From (UTC)").fill("2015-01-01T00:00");
  await remove.getByLabel("To (UTC)").fill("2014-12-31T00:00");
  await remove.getByRole("button", { name: "Review the deletion" }).click();
  await expect(page.getByTestId("delete-yespo-result")).toHaveText("To: The start of the range must come before its end.");

  await remove.getByLabel("To (UTC)").fill("2015-01-31T23:59");
  await remove.getByRole("button", { name: "Review the deletion" }).click();
  await expect(page.getByTestId("delete-yespo-confirmation")).toHaveText(
    "Every past event in Yespo from 2015-01-01 00:00 to 2015-01-31 23:59 UTC (2015-01-01 09:00 to 2015-02-01 08:59 in the account's time zone, Asia/Tokyo) will be deleted. Yespo does not say how many that is, and it cannot be undone.",
  );
  expect((await received()).deletes).toEqual([]);
  await remove.getByRole("button", { name: "Delete past events in Yespo" }).click();
  await expect(page.getByTestId("delete-yespo-result")).toHaveText("Yespo deleted the past events from 2015-01-01T09:00 to 2015-02-01T08:59 (Asia/Tokyo).");
  expect((await received()).deletes).toEqual([{ from: "2015-01-01T09:00", to: "2015-02-01T08:59" }]);
});
