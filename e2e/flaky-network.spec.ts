import { expect, test } from "@playwright/test";
import { chooseFile, continueTo } from "./wizard";

/** 12,000 valid rows and one bad one: three stageRows calls. */
function eventsCsv(): Buffer {
  const lines = ["email,event_name,time,plan"];
  for (let i = 0; i < 12_000; i++) lines.push(`user${i}@example.com,signup,2021-03-01 10:${String(i % 60).padStart(2, "0")},pro`);
  lines.push("broken,signup,2021-03-01,pro");
  return Buffer.from(`${lines.join("\n")}\n`);
}

test("a batch whose answer is lost is sent again and stored once", async ({ page }) => {
  let dropped = 0;
  // Let the second batch reach the server, then lose the answer, as a flaky network does.
  await page.route("**/imports/new", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && dropped === 0 && (request.postData() ?? "").includes('"seq":1')) {
      await route.fetch();
      dropped++;
      await route.abort("connectionreset");
      return;
    }
    await route.continue();
  });
  await chooseFile(page, { name: "flaky.csv", mimeType: "text/csv", buffer: eventsCsv() });
  await continueTo(page, "review");
  await expect(page.getByTestId("count-send")).toHaveText("12,000");
  await continueTo(page, "options");
  await page.getByRole("button", { name: /Send 12,000 events/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  expect(dropped).toBe(1);
  await expect(page.getByTestId("import-status")).toHaveText("Done, with rejected rows", { timeout: 30_000 });
  await expect(page.getByTestId("import-total")).toHaveText("12,001");
  await expect(page.getByTestId("import-delivered")).toHaveText("12,000");
  await expect(page.getByTestId("import-rejected")).toHaveText("1");
});
