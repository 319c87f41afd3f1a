import { expect, test } from "@playwright/test";
import type { YespoPastEvent, YespoRequest } from "@/lib/testing/yespo-contract";
import { REFUSED_CONTACT, yespoReceivedURL } from "../playwright.yespo.config";
import { chooseFile, continueTo } from "./wizard";

type Received = { requests: YespoRequest[]; pastEvents: YespoPastEvent[]; counts: { unassigned: number }; violations: string[] };

async function received(): Promise<Received> {
  return (await fetch(yespoReceivedURL)).json() as Promise<Received>;
}

test("creates the contacts first when the option is ticked: the refused contact's row is rejected with Yespo's words, the others delivered", async ({ page }) => {
  const before = await received();
  const file = [
    "email,event_name,time",
    "first-contact@example.com,purchase,2019-04-01 10:00Z",
    `${REFUSED_CONTACT},purchase,2019-04-02 10:00Z`,
    "First-Contact@example.com,signup,2019-04-03 10:00Z",
  ].join("\n");
  await chooseFile(page, { name: "contacts-first.csv", mimeType: "text/csv", buffer: Buffer.from(file, "utf8") });
  await continueTo(page, "review");
  await continueTo(page, "options");
  const option = page.getByTestId("contacts-first");
  await expect(option).not.toBeChecked();
  await option.check();
  await page.getByRole("button", { name: /Send 3 events/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("contacts-progress")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("import-status")).toHaveText("Done, with rejected rows", { timeout: 60_000 });
  await expect(page.getByTestId("import-delivered")).toHaveText("2");
  await expect(page.getByTestId("contacts-failed")).toContainText("refused 1 address");
  await expect(page.getByTestId("rejected-row")).toHaveCount(1);
  await expect(page.getByTestId("rejected-row")).toContainText(REFUSED_CONTACT);
  await expect(page.getByTestId("rejected-row")).toContainText("blacklist");

  const after = await received();
  expect(after.violations).toEqual([]);
  const paths = after.requests.slice(before.requests.length).map((request) => `${request.method} ${request.path}`);
  expect(paths[0]).toBe("POST /v1/contacts");
  expect(paths.filter((path) => path === "POST /v1/contacts")).toHaveLength(1);
  expect(paths.at(-1)).toBe("POST /v1/past_events");
  expect(after.pastEvents.slice(before.pastEvents.length).map((event) => event.keyValue)).toEqual(["first-contact@example.com", "First-Contact@example.com"]);
  expect(after.counts.unassigned).toBe(before.counts.unassigned);
});
