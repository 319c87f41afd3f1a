import { expect, test, type Locator, type Page } from "@playwright/test";
import { chooseFile, continueTo, ownCopy } from "./wizard";

/** What sticks out of the window sideways, named; empty when the page never scrolls sideways. */
async function sideways(page: Page): Promise<string> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return "";
    return [...document.querySelectorAll("body *")]
      .filter((element) => !element.closest('[data-testid="review-grid"]') && element.getBoundingClientRect().right > width + 1)
      .map((element) => `${element.tagName} ${element.getAttribute("data-testid") ?? element.className}`).slice(0, 6).join("; ") || "?";
  });
}

/** Whether the element is whole inside the window's width. */
async function whole(locator: Locator, page: Page): Promise<boolean> {
  const box = (await locator.boundingBox())!;
  const width = page.viewportSize()!.width;
  return box.width > 0 && box.x >= 0 && box.x + box.width <= width + 1;
}

for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
  test.describe(`at ${viewport.width} px`, () => {
    test.use({ viewport });

    test("the wizard and the import's page fit: first values, the grid's fixed columns, the reasons", async ({ page }) => {
      await chooseFile(page, ownCopy("vero-example.csv", `fit${viewport.width}`));
      const firstValues = page.locator("table").first().locator("tbody tr").first().locator("td").last();
      await expect(firstValues).toContainText(`ann+fit${viewport.width}@example.com`);
      expect(await whole(firstValues.locator("li").first(), page)).toBe(true);
      expect(await sideways(page)).toBe("");

      await continueTo(page, "review");
      const grid = page.getByTestId("review-grid");
      const row = page.locator('[data-testid="grid-row"][data-row="2"]');
      const widthOf = async (cell: Locator) => (await cell.boundingBox())!.width;
      const fixed = (await widthOf(row.locator("td").nth(0))) + (await widthOf(row.locator("td").nth(1))) + (await widthOf(row.locator("td").last()));
      const share = fixed / (await widthOf(grid));
      expect(share).toBeLessThanOrEqual(viewport.width < 640 ? 0.4 : 0.3);
      expect(await sideways(page)).toBe("");

      await continueTo(page, "options");
      await page.getByRole("button", { name: /^Send/ }).click();
      await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
      await expect(page.getByTestId("import-status")).toHaveText(/^Done/, { timeout: 30_000 });
      const rejected = page.getByTestId("rejected-row").first();
      await expect(rejected).toContainText("is not an email address");
      expect(await whole(rejected.locator("td").last(), page)).toBe(true);
      expect(await sideways(page)).toBe("");
      await page.screenshot({ path: `test-results/import-page-${viewport.width}.png`, fullPage: true });
    });

    test("the app's pages fit: no sideways scroll, status pills on one line, the users' buttons whole", async ({ page }) => {
      for (const path of ["/", "/imports", "/events", "/outbox", "/account", "/admin", "/admin/users"]) {
        await page.goto(path);
        await expect(page.locator("h1").first()).toBeVisible();
        expect(await sideways(page), path).toBe("");
      }
      await page.goto("/imports");
      const pill = page.getByTestId("import-status").first();
      if (await pill.count()) expect((await pill.boundingBox())!.height).toBeLessThan(30);

      await page.goto("/admin/users");
      for (const button of await page.getByTestId("user-row").first().getByRole("button").all()) {
        expect(await whole(button, page), await button.textContent() ?? "").toBe(true);
      }
    });
  });
}
