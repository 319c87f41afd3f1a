import { expect, test, type FileChooser, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { chooseFile, continueTo, expectNewOrDelivered, fixture } from "./wizard";

const csvFile = (name: string, lines: string[]) => ({ name, mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\n")}\n`) });

async function badCell(page: Page, row: number) {
  return page.locator(`[data-testid="grid-row"][data-row="${row}"]`).getByTestId("bad-cell");
}

test("walks the seeds' Vero example from upload to review, with the bad row's reasons", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Start an import" }).click();
  await page.getByTestId("file-input").setInputFiles(fixture("vero-example.csv"));
  await expect(page.getByTestId("file-facts")).toHaveText("UTF-8, comma-separated, 3 rows");
  await expect(page.getByLabel("email")).toHaveValue("email");
  await expect(page.getByLabel("city")).toHaveValue("param");
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 2 valid rows, 1 with problems.");
  await continueTo(page, "review");
  await expectNewOrDelivered(page, 2);
  await expect(page.getByTestId("count-invalid")).toHaveText("1");
  await expect(page.getByTestId("grid-row")).toHaveCount(3);
  const bad = await badCell(page, 4);
  await expect(bad).toHaveCount(2);
  await expect(bad.first()).toHaveAttribute("title", '"not-an-email" is not an email address: it has no @.');
  await bad.first().focus();
  await expect(page.getByTestId("cell-reason")).toHaveText("Row 4: not-an-email is not an email address: it has no @.");
  await bad.nth(1).hover();
  await expect(page.getByTestId("cell-reason")).toHaveText("Row 4: 2015-02-30 10:00 is not a date: February 2015 has 28 days.");
  await expect(page.getByTestId("event-names")).toContainText("purchase");
  await expect(page.getByTestId("timeline")).toContainText("2015-01-14 to 2015-01-16");
  // The README's picture of the review step comes from here (copied from test-results/ by hand).
  await page.screenshot({ path: "test-results/review-step.png", fullPage: true });
});

test("fixes bad rows in place, leaves one out, and downloads the rest as rejected rows", async ({ page }) => {
  await chooseFile(page, csvFile("fix-me.csv", [
    "email,event_name,time,plan",
    "ann@example.com,signup,2024-05-01 10:00,pro",
    "bob(at)example.com,signup,2024-05-02 11:00,free",
    "cat@example.com,,2024-05-03 12:00,free",
    "dan@example.com,purchase,soon,pro",
    "ann@example.com,signup,2024-05-01 10:00,pro",
  ]));
  await continueTo(page, "review");
  await expect(page.getByTestId("count-invalid")).toHaveText("3");
  await expect(page.getByTestId("count-duplicates")).toHaveText("1");

  await showRows(page, "Invalid");
  await expect(page.getByTestId("grid-row")).toHaveCount(3);
  await (await badCell(page, 3)).click();
  await page.getByTestId("cell-editor").fill("bob@example.com");
  await page.getByTestId("cell-editor").press("Enter");
  await expect(page.getByTestId("count-invalid")).toHaveText("2");
  await expect(page.getByTestId("grid-row")).toHaveCount(2);
  await expect(page.locator('[data-row="3"]')).toHaveCount(0);

  await (await badCell(page, 4)).click();
  await page.getByTestId("cell-editor").fill("signup");
  await page.getByTestId("cell-editor").press("Enter");
  await expect(page.getByTestId("count-invalid")).toHaveText("1");

  // Escape leaves a value as it was.
  await (await badCell(page, 5)).click();
  await page.getByTestId("cell-editor").fill("2024-05-04");
  await page.getByTestId("cell-editor").press("Escape");
  await expect(page.getByTestId("count-invalid")).toHaveText("1");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download rejected rows (CSV)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("fix-me-rejected.csv");
  const text = (await readFile(await file.path())).toString("utf8");
  expect(text).toBe("\uFEFFemail,event_name,time,plan,row_number,rejection_reason\r\ndan@example.com,purchase,soon,pro,5," +
    "\"\"\"soon\"\" is not a time we can read: use a date such as 2024-01-15, 1/15/2024, 15.01.2024 or Jan 15, 2024, optionally followed by a time " +
    "such as 13:05, 1:05 PM or 13:05:07 and an offset such as +02:00 or UTC, or Unix seconds.\"");

  await showRows(page, "All");
  await page.getByRole("button", { name: "Leave out row 5" }).click();
  await expect(page.getByTestId("count-invalid")).toHaveText("0");
  await expect(page.getByTestId("review-status")).toHaveText("1 row left out: it will not be sent, and the report lists it.");
  await page.getByRole("searchbox", { name: "Search by email or event name" }).fill("ANN@");
  await expect(page.getByTestId("grid-row")).toHaveCount(2);
  await expect(page.getByTestId("page-range")).toHaveText("Rows 1–2 of 2");

  await continueTo(page, "options");
  await page.getByRole("button", { name: /Send 3 events/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  // The left-out row is on the record, as rejected: the report lists it to fix and import later.
  await expect(page.getByTestId("import-status")).toHaveText("Done, with rejected rows", { timeout: 30_000 });
  await expect(page.getByTestId("import-total")).toHaveText("5");
  await expect(page.getByTestId("import-delivered")).toHaveText("3");
  await expect(page.getByTestId("import-duplicates")).toHaveText("1");
  await expect(page.getByTestId("import-rejected")).toHaveText("1");
});

test("maps columns by hand and reads times in the chosen zone, at once", async ({ page }) => {
  await chooseFile(page, csvFile("crm.csv", [
    "email,event_name,time,signed_up",
    "ann@example.com,signup,not yet,2024-03-01 09:00",
    "bob@example.com,order,,2024-03-02 10:00",
  ]));
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 0 valid rows, 2 with problems.");
  await page.getByLabel("time", { exact: true }).selectOption("param");
  await expect(page.getByTestId("mapping-error")).toHaveText("Choose the column that holds the time.");
  await page.getByLabel("signed_up").selectOption("time");
  await expect(page.getByTestId("map-counts")).toHaveText("With these choices: 2 valid rows, 0 with problems.");
  await expect(page.getByText("read as 1 Mar 2024, 09:00 (UTC), 2024-03-01 09:00 UTC")).toBeVisible();
  await page.getByLabel("Time zone of times written without one").selectOption("America/New_York");
  await expect(page.getByText("read as 1 Mar 2024, 09:00 (America/New York), 2024-03-01 14:00 UTC")).toBeVisible();
  await continueTo(page, "review");
  await expect(page.getByTestId("count-send")).toHaveText("2");
  await expect(page.getByRole("columnheader", { name: "time parameter" })).toBeVisible();
  await expect(page.getByTestId("timeline")).toContainText("2024-03-01 to 2024-03-02");
});

test("refuses a zipped file that is no workbook, and stays on the upload step", async ({ page }) => {
  await page.goto("/imports/new");
  await page.getByTestId("file-input").setInputFiles(fixture("renamed-workbook.csv"));
  await expect(page.getByTestId("file-error")).toContainText("not an Excel workbook (.xlsx or .xlsm)");
  await expect(page.getByTestId("file-error")).toContainText("save it as CSV");
  await expect(page.getByRole("heading", { name: "1. Choose your file" })).toBeVisible();
});

test("says how many events are recent enough to start campaigns, with the box off by default", async ({ page }) => {
  const hour = 3_600_000;
  const at = (ago: number) => new Date(Date.now() - ago).toISOString();
  await chooseFile(page, csvFile("recent.csv", ["email,event_name,time", `a@example.com,signup,${at(hour)}`,
    `b@example.com,signup,${at(2 * hour)}`, `c@example.com,signup,${at(240 * hour)}`]));
  await continueTo(page, "review");
  await continueTo(page, "options");
  await expect(page.getByTestId("trigger-campaigns")).not.toBeChecked();
  await expect(page.getByTestId("trigger-window-count")).toHaveText(
    "2 of your events are from the last 72 hours and could start campaigns.",
  );
});

test("the main path works by keyboard alone", async ({ page }) => {
  await page.goto("/imports/new", { waitUntil: "networkidle" });
  // Tab from the top of the page to the file picker, and open it with the keyboard.
  await page.locator("body").focus();
  let focused = "";
  for (let i = 0; i < 10 && focused !== "file-input"; i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? "");
  }
  expect(focused).toBe("file-input");
  // Space on the focused picker opens the file dialog. Once in CI no dialog followed the first press
  // on a page that had just loaded, so the press is given two more chances before the test fails.
  let chooser: FileChooser | null = null;
  for (let attempt = 0; attempt < 3 && !chooser; attempt++) {
    const opened = page.waitForEvent("filechooser", { timeout: 3_000 }).catch(() => null);
    await page.keyboard.press("Space");
    chooser = await opened;
  }
  expect(chooser, "Space on the focused picker opened no file dialog").not.toBeNull();
  await chooser!.setFiles(fixture("vero-example.csv"));
  await expect(page.getByRole("heading", { name: /^2\. Match the columns/ })).toBeVisible();

  await tabTo(page, "button", "Continue");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: /^3\. Review/ })).toBeVisible();

  // Fix the bad email from the keyboard: Tab to it, Enter to edit, type, Enter to save.
  await tabTo(page, "button", "not-an-email");
  await expect(page.getByTestId("cell-reason")).toContainText("is not an email address");
  await page.keyboard.press("Enter");
  await page.keyboard.press("ControlOrMeta+a");
  // A new address each run: this row is never a duplicate of an earlier run's, so one event is always new.
  await page.keyboard.type(`dee.${Date.now()}@example.com`);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("count-invalid")).toHaveText("1");
  await expect(page.getByRole("button", { name: /^not-an-email/ })).toHaveCount(0);
  await tabTo(page, "button", "2015-02-30 10:00");
  await page.keyboard.press("Enter");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("2015-02-28 10:00");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("count-invalid")).toHaveText("0");

  await tabTo(page, "button", "Continue");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "4. Options" })).toBeVisible();
  await tabTo(page, "checkbox", "Trigger campaigns");
  await expect(page.getByTestId("trigger-campaigns")).not.toBeChecked();
  // Earlier tests may have delivered some of these events: the button counts only the others.
  await tabTo(page, "button", "Send ");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done", { timeout: 30_000 });
  // The other tests may have stored two of these events already: they are skipped, never doubled.
  await expect(page.getByTestId("import-total")).toHaveText("3");
  await expect(page.getByTestId("import-rejected")).toHaveText("0");
  const delivered = Number(await page.getByTestId("import-delivered").textContent());
  const duplicates = Number(await page.getByTestId("import-duplicates").textContent());
  expect(delivered + duplicates).toBe(3);
  expect(delivered).toBeGreaterThanOrEqual(1);
});

/** Clicks a filter above the grid, as a user does: on its label. */
async function showRows(page: Page, filter: string): Promise<void> {
  await page.locator("fieldset label").filter({ hasText: new RegExp(`^${filter} `) }).click();
  await expect(page.getByRole("radio", { name: new RegExp(`^${filter} `) })).toBeChecked();
}

/** Presses Tab until the element with this role and name has the focus. */
async function tabTo(page: Page, role: string, name: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press("Tab");
    const hit = await page.evaluate(([wantedRole, wantedName]) => {
      const element = document.activeElement as HTMLElement | null;
      if (!element) return false;
      const elementRole = element.tagName === "BUTTON" ? "button" : element.getAttribute("type") === "checkbox" ? "checkbox" : element.tagName.toLowerCase();
      const label = element.getAttribute("aria-label") ?? element.closest("label")?.textContent ?? element.textContent ?? "";
      return elementRole === wantedRole && label.trim().startsWith(wantedName);
    }, [role, name]);
    if (hit) return;
  }
  throw new Error(`Tab never reached the ${role} "${name}".`);
}
