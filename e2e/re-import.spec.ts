import { expect, test, type Download, type Page } from "@playwright/test";
import { chooseFile, continueTo } from "./wizard";

/** Times without a zone are read in the zone the user picks: the browser's own is UTC here. */
test.use({ timezoneId: "UTC" });

const run = `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const today = () => new Date().toISOString().slice(0, 10);

/** A shop export of this run: a header of its own (so no other test's choices apply), one order a row. */
function ordersFile(name: string, tag: string, rows: [string, string][]) {
  const lines = [`email,event_name,time,city,shop_${tag}`, ...rows.map(([buyer, city], i) => `${buyer}.${tag}@example.com,order,2024-01-${String(10 + i).padStart(2, "0")} 10:00,${city},web`)];
  return { name, mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\n")}\n`) };
}

async function textOf(download: Promise<Download>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await (await download).createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function sendAndWait(page: Page, events: number) {
  await page.getByRole("button", { name: new RegExp(`^Send ${events} events?`) }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done", { timeout: 30_000 });
}

for (const width of [1280, 390]) {
  test(`warns of a re-import read otherwise, and skips a row fixed since unless told to send it, at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const tag = `${run}w${width}`;
    await chooseFile(page, ordersFile("shop_orders.csv", tag, [["ann", "NYC"], ["bob", "Lagos"]]));
    await page.getByTestId("time-zone").selectOption("America/New_York");
    await continueTo(page, "review");
    await continueTo(page, "options");
    await sendAndWait(page, 2);
    await expect(page.getByTestId("import-finished")).toContainText(/^Finished .+, after \d+ s\.$/);
    await expect(page.getByRole("navigation", { name: "Next steps" }).getByRole("link", { name: "New import" })).toHaveAttribute("href", "/imports/new");
    await page.getByRole("link", { name: "View its events" }).click();
    await expect(page.getByTestId("import-filter")).toBeVisible();
    await expect(page.getByTestId("event-row")).toHaveCount(2);

    // The same file again, Ann's city corrected since: the first import's choices come back, whoever opens it.
    await chooseFile(page, ordersFile("shop_orders.csv", tag, [["ann", "New York"], ["bob", "Lagos"], ["cat", "Kyiv"]]));
    await expect(page.getByTestId("remembered-choices")).toContainText(`shop_orders.csv, ${today()} by admin@example.com`);
    await expect(page.getByTestId("time-zone")).toHaveValue("America/New_York");
    await page.getByTestId("time-zone").selectOption("UTC");
    await expect(page.getByTestId("choices-differ")).toContainText(
      "Its times were read in America/New_York, here in UTC: its 3 events would arrive 5 hours apart from those.",
    );
    if (width === 1280) await page.screenshot({ path: "docs/screenshots/map-choices-differ.png", fullPage: true });
    await page.getByTestId("time-zone").selectOption("America/New_York");
    await expect(page.getByTestId("choices-differ")).toHaveCount(0);

    await continueTo(page, "review");
    await expect(page.getByTestId("changed-repeats")).toContainText("1 valid row matches an event already imported");
    await expect(page.getByTestId("changed-example")).toHaveText(`Row 2: Already imported with city "NYC" on ${today()}.`);
    await expect(page.getByRole("radio", { name: "Skip it (recommended)" })).toBeChecked();
    await expect(page.getByTestId("count-send")).toHaveText("1");
    await expect(page.getByTestId("count-changed")).toHaveText("1");
    await page.getByRole("radio", { name: /Imported with other values/ }).check({ force: true });
    await expect(page.getByTestId("grid-row")).toHaveCount(1);
    await expect(page.getByTestId("grid-row").getByTestId("changed-note")).toHaveText(`Already imported with city "NYC" on ${today()}.`);
    if (width === 1280) await page.screenshot({ path: "docs/screenshots/review-changed-repeats.png", fullPage: true });
    const corrected = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download the corrected file" }).click();
    expect(await textOf(corrected)).toContain(`ann.${tag}@example.com,order,2024-01-10 10:00,New York,web`);

    await continueTo(page, "options");
    await sendAndWait(page, 1);
    await expect(page.getByTestId("import-delivered")).toHaveText("1");
    await expect(page.getByTestId("import-duplicates")).toHaveText("2");
    if (width === 1280) await page.screenshot({ path: "docs/screenshots/import-finished.png", fullPage: true });
    const file = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download the corrected file" }).click();
    const text = await textOf(file);
    expect(text).toContain(`email,event_name,time,city,shop_${tag}`);
    expect(text).toContain(`cat.${tag}@example.com,order,2024-01-12 10:00,Kyiv,web`);

    // Told to send it, the server sends it.
    await chooseFile(page, ordersFile("shop_orders.csv", tag, [["ann", "Chicago"]]));
    await continueTo(page, "review");
    await expect(page.getByTestId("changed-example")).toHaveText(`Row 2: Already imported with city "NYC" on ${today()}.`);
    await page.getByRole("radio", { name: "Send it as new events" }).check();
    await expect(page.getByTestId("count-send")).toHaveText("1");
    await expect(page.getByTestId("count-changed")).toHaveCount(0);
    await continueTo(page, "options");
    await sendAndWait(page, 1);
    await expect(page.getByTestId("import-delivered")).toHaveText("1");
  });
}
