import { expect, test } from "@playwright/test";
import type { KlaviyoEvent, KlaviyoRequest } from "@/lib/testing/klaviyo-contract";
import { KLAVIYO_API_KEY, klaviyoReceivedURL } from "../playwright.klaviyo.config";
import { chooseFile, continueTo } from "./wizard";

type Received = { requests: KlaviyoRequest[]; events: KlaviyoEvent[]; violations: string[]; repeats: number };

async function received(): Promise<Received> {
  return (await fetch(klaviyoReceivedURL)).json() as Promise<Received>;
}

const HOUR_MS = 3_600_000;
const utcText = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

test("sends to Klaviyo with the backfill flag, but the recent events once Trigger campaigns is ticked, and says so first", async ({ page }) => {
  const before = await received();
  const recentMs = Math.floor((Date.now() - 2 * HOUR_MS) / 60_000) * 60_000;
  const file = [
    "email,event_name,time,plan",
    "ann@example.com,Placed Order,2015-01-15 01:15+10,gold",
    "bob@example.com,Signed Up,1999-12-31 09:30Z,free",
    `cy@example.com,Viewed Product,${utcText(recentMs)}Z,pro`,
  ].join("\n");
  await chooseFile(page, { name: "to-klaviyo.csv", mimeType: "text/csv", buffer: Buffer.from(file, "utf8") });
  await continueTo(page, "review");
  await expect(page.getByTestId("bad-cell").first()).toHaveAttribute("title", /before the year 2000; Klaviyo takes events from 2000 on/);
  await continueTo(page, "options");
  await expect(page.getByRole("combobox", { name: "Destination" })).toHaveValue("klaviyo");
  await expect(page.getByTestId("backfill-flag")).toHaveText("Klaviyo gets every event with its backfill flag: they appear in profiles, segments and reports, and start no flow.");
  await page.getByTestId("trigger-campaigns").check();
  await expect(page.getByTestId("backfill-flag")).toContainText("Klaviyo gets the 1 event of the last 72 hours without its backfill flag: these start the live flows");
  await page.getByRole("button", { name: /Send 2 events/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done, with rejected rows", { timeout: 30_000 });
  await expect(page.getByTestId("import-delivered")).toHaveText("2");
  await expect(page.getByTestId("import-rejected")).toHaveText("1");

  const after = await received();
  expect(after.violations).toEqual([]);
  expect(after.requests.slice(before.requests.length)).toEqual([expect.objectContaining({ path: "/api/event-bulk-create-jobs", events: 2 })]);
  const sent = after.events.slice(before.events.length).map(({ email, metric, time, properties, backfill }) => ({ email, metric, time, properties, backfill }));
  expect(sent).toEqual([
    { email: "ann@example.com", metric: "Placed Order", time: "2015-01-14T15:15:00.000Z", properties: { plan: "gold" }, backfill: true },
    { email: "cy@example.com", metric: "Viewed Product", time: new Date(recentMs).toISOString(), properties: { plan: "pro" }, backfill: false },
  ]);
});

test("shows Klaviyo on the admin page with its key masked, its prerequisites, and a passing connection test", async ({ page }) => {
  await page.goto("/admin");
  const section = page.getByTestId("destination-klaviyo");
  const summary = section.getByTestId("destination-summary");
  await expect(summary).toContainText("Klaviyo");
  await expect(summary).toContainText(`KLAVIYO_API_KEY••••${KLAVIYO_API_KEY.slice(-4)}`);
  await expect(summary).not.toContainText(KLAVIYO_API_KEY);
  await expect(section.getByTestId("destination-prerequisites")).toContainText("events:write");
  await section.getByRole("button", { name: "Test connection" }).click();
  await expect(section.getByTestId("connection-result")).toHaveText("Connected to Klaviyo (account Backfill Test Shop).");
});
