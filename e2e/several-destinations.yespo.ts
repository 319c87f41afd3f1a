import { expect, test } from "@playwright/test";
import type { YespoRequest } from "@/lib/testing/yespo-contract";
import { yespoReceivedURL } from "../playwright.yespo.config";
import { chooseFile, continueTo } from "./wizard";

/**
 * The app runs with Yespo as its default destination (playwright.yespo.config.ts), and the built-in
 * store is there too: the options step chooses between them (decision 012).
 */
async function yespoRequests(): Promise<YespoRequest[]> {
  return ((await (await fetch(yespoReceivedURL)).json()) as { requests: YespoRequest[] }).requests;
}

test("sends an import to the built-in store instead of the default Yespo, with the store's rules, when the options step chooses it", async ({ page }) => {
  const before = (await yespoRequests()).length;
  const tag = Date.now().toString(36);
  // Yespo refuses a slash in an event's name; the built-in store takes it.
  const file = ["email,event_name,time", `ann.${tag}@example.com,order/paid,2024-01-15 10:00Z`, `bob.${tag}@example.com,signup,2024-01-16 10:00Z`].join("\n");
  await chooseFile(page, { name: "to-the-store.csv", mimeType: "text/csv", buffer: Buffer.from(file, "utf8") });
  await continueTo(page, "review");
  await expect(page.getByTestId("count-invalid")).toHaveText("1");
  await continueTo(page, "options");

  const choice = page.getByRole("combobox", { name: "Destination" });
  await expect(choice).toHaveValue("yespo");
  await expect(choice.locator("option")).toHaveText(["Built-in event store", "Yespo (default)"]);
  await expect(page.getByTestId("events-to-send")).toHaveText("1");
  await choice.selectOption("builtin");
  await expect(page.getByTestId("events-to-send")).toHaveText("2");

  // The review now shows the chosen destination's rules: nothing there is invalid.
  await page.getByRole("button", { name: "Back" }).click();
  await expect(page.getByTestId("count-invalid")).toHaveText("0");
  await expect(page.getByTestId("count-send")).toHaveText("2");
  await continueTo(page, "options");
  await expect(choice).toHaveValue("builtin");

  await page.getByRole("button", { name: /Send 2 events/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done", { timeout: 30_000 });
  await expect(page.getByTestId("import-destination")).toHaveText("To Built-in event store");
  await expect(page.getByTestId("import-delivered")).toHaveText("2");
  expect(await yespoRequests()).toHaveLength(before);
  await page.goto("/imports");
  await expect(page.getByRole("row").filter({ hasText: "to-the-store.csv" }).first()).toContainText("Built-in event store");
});
