import { expect, test, type Page } from "@playwright/test";
import { chooseFile, continueTo } from "./wizard";

/** A CRM export: the three columns, then many wide ones, and one row whose date does not exist. */
function wideCsv() {
  const params = Array.from({ length: 8 }, (_, k) => `attribute_${k + 1}`);
  const lines = [["email", "event_name", "time", ...params].join(",")];
  for (let i = 0; i < 12; i++) {
    const time = i === 1 ? "2021-02-30 10:00" : `2021-02-${String(i + 1).padStart(2, "0")} 10:00`;
    lines.push([`customer.with.a.long.address.${i}@example.com`, "Completes checkout", time,
      ...params.map((name) => `${name} holds a long description for customer ${i}`)].join(","));
  }
  return { name: "wide.csv", mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\n")}\n`) };
}

/** Whether the element is inside the grid's visible frame, whole. */
async function shownInGrid(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((css) => {
    const frame = document.querySelector('[data-testid="review-grid"]')!.getBoundingClientRect();
    const box = document.querySelector(css)!.getBoundingClientRect();
    return box.width > 0 && box.left >= frame.left - 1 && box.right <= frame.right + 1;
  }, selector);
}

for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
  test.describe(`at ${viewport.width} px`, () => {
    test.use({ viewport });

    test("the grid fits: the page never scrolls sideways, and Row, Status and the action stay in view", async ({ page }) => {
      await chooseFile(page, wideCsv());
      await continueTo(page, "review");
      await expect(page.getByTestId("grid-row")).toHaveCount(12);
      // Names what sticks out, should anything make the page scroll sideways.
      const pageScrolls = () => page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width) return false;
        return [...document.querySelectorAll("body *")].filter((element) => !element.closest('[data-testid="review-grid"]') && element.getBoundingClientRect().right > width + 1)
          .map((element) => `${element.tagName} ${element.getAttribute("data-testid") ?? element.className}`).slice(0, 8).join("; ") || "the grid's own contents";
      });
      expect(await pageScrolls()).toBe(false);
      const row = '[data-testid="grid-row"][data-row="3"]';
      for (const scrollLeft of [0, 100_000]) {
        await page.getByTestId("review-grid").evaluate((grid, left) => grid.scrollTo({ left }), scrollLeft);
        expect(await shownInGrid(page, `${row} td:nth-child(1)`)).toBe(true);
        expect(await shownInGrid(page, `${row} td:nth-child(2)`)).toBe(true);
        expect(await shownInGrid(page, `${row} button[aria-label="Leave out row 3"]`)).toBe(true);
      }
      // The file's columns are the part that scrolls, inside the grid's own frame.
      expect(await page.getByTestId("review-grid").evaluate((grid) => grid.scrollWidth > grid.clientWidth)).toBe(true);
      expect(await pageScrolls()).toBe(false);
      // A value cut short shows whole on hover, in the cell's title and on the line below.
      const long = page.locator(`${row} [data-testid="cell"]`).last();
      await expect(long).toHaveAttribute("title", "attribute_8 holds a long description for customer 1");
    });

    test("after a fix the line below follows the row, and Enter keeps the focus on the cell", async ({ page }) => {
      await chooseFile(page, wideCsv());
      await continueTo(page, "review");
      const bad = page.locator('[data-testid="grid-row"][data-row="3"]').getByTestId("bad-cell");
      await bad.focus();
      await expect(page.getByTestId("cell-reason")).toHaveText("Row 3: 2021-02-30 10:00 is not a date: February 2021 has 28 days.");
      await expect(page.getByTestId("cell-reason").locator("code")).toHaveText("2021-02-30 10:00");
      await page.keyboard.press("Enter");
      await page.getByTestId("cell-editor").fill("2021-02-28 10:00");
      await page.getByTestId("cell-editor").press("Enter");
      await expect(page.getByTestId("count-invalid")).toHaveText("0");
      await expect(page.getByTestId("cell-reason")).toHaveText("Row 3, time: 2021-02-28 10:00. Valid; press Enter to change it.");
      const focused = page.locator(":focus");
      await expect(focused).toHaveAttribute("data-testid", "cell");
      await expect(focused).toHaveText("2021-02-28 10:00");

      // A valid cell opens for editing by Enter, as a bad one does, and by a click.
      await page.keyboard.press("Enter");
      await expect(page.getByTestId("cell-editor")).toHaveValue("2021-02-28 10:00");
      await page.keyboard.press("Escape");
      await page.locator('[data-testid="grid-row"][data-row="2"] [data-testid="cell"]').nth(1).click();
      await expect(page.getByTestId("cell-editor")).toHaveValue("Completes checkout");
    });
  });
}
