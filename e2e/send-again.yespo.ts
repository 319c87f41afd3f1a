import { expect, test } from "@playwright/test";
import type { YespoPastEvent } from "@/lib/testing/yespo-contract";
import { DELIVERY_ATTEMPTS, yespoFaultsURL, yespoReceivedURL } from "../playwright.yespo.config";
import { chooseFile, continueTo } from "./wizard";

async function pastEvents(): Promise<YespoPastEvent[]> {
  return ((await (await fetch(yespoReceivedURL)).json()) as { pastEvents: YespoPastEvent[] }).pastEvents;
}

test("a failed import is sent again from its page, without the file, and its counts add up", async ({ page }) => {
  const before = (await pastEvents()).length;
  // Yespo answers 503 to every attempt the retry budget allows: the import fails with nothing delivered.
  await fetch(yespoFaultsURL, {
    method: "POST",
    body: JSON.stringify(Array.from({ length: DELIVERY_ATTEMPTS }, () => ({ status: 503, path: "/v1/past_events" }))),
  });
  const rows = Array.from({ length: 10 }, (_, i) => `renewer${i}@example.com,renewal,2019-05-${String(i + 1).padStart(2, "0")} 10:00Z,gold`);
  const file = ["email,event_name,time,plan", ...rows, rows[3]].join("\n");
  await chooseFile(page, { name: "renewals.csv", mimeType: "text/csv", buffer: Buffer.from(file, "utf8") });
  await continueTo(page, "review");
  await continueTo(page, "options");
  await page.getByRole("button", { name: /Send 10 events/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Failed", { timeout: 30_000 });
  await expect(page.getByText(/10 rows could not be delivered/)).toBeVisible();
  expect(await pastEvents()).toHaveLength(before);

  await page.getByRole("button", { name: "Send the undelivered rows again" }).click();
  await expect(page.getByTestId("import-status")).toHaveText("Done", { timeout: 30_000 });
  await expect(page.getByTestId("sent-again")).toHaveText("Undelivered rows sent again once.");
  const count = async (key: string) => Number((await page.getByTestId(`import-${key}`).textContent())!.replaceAll(",", ""));
  expect(await count("total")).toBe(11);
  expect(await count("delivered")).toBe(10);
  expect(await count("duplicates")).toBe(1);
  expect(await count("rejected")).toBe(0);
  expect((await count("delivered")) + (await count("duplicates")) + (await count("rejected"))).toBe(await count("total"));
  await expect(page.getByRole("button", { name: "Send the undelivered rows again" })).toHaveCount(0);

  const sent = (await pastEvents()).slice(before);
  expect(sent.map((event) => event.keyValue).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `renewer${i}@example.com`));
});
