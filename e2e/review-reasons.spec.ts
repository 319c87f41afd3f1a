import { expect, test, type Page } from "@playwright/test";
import { chooseFile, continueTo } from "./wizard";

/** Many wide columns after the three, and two bad rows: a date that does not exist, an address without @. */
function wideCsv() {
  const params = Array.from({ length: 10 }, (_, k) => `attribute_${k + 1}`);
  const lines = [["email", "event_name", ...params, "time"].join(",")];
  for (let i = 0; i < 30; i++) {
    const time = i === 1 ? "2021-02-30 10:00" : `2021-02-${String((i % 27) + 1).padStart(2, "0")} 10:00`;
    const email = i === 4 ? "no-at-sign.example.com" : `customer${i}@example.com`;
    lines.push([email, "Completes checkout", ...params.map((name) => `${name} holds a long description for customer ${i}`), time].join(","));
  }
  return { name: "wide-bad.csv", mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\n")}\n`) };
}

const row = (page: Page, n: number) => page.locator(`[data-testid="grid-row"][data-row="${n}"]`);
const reason = (page: Page, n: number) => page.locator(`[data-testid="row-reason-line"][data-row="${n}"]`);

/** Whether the element is inside the grid's visible frame, whole. */
async function inFrame(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((css) => {
    const frame = document.querySelector('[data-testid="review-grid"]')!.getBoundingClientRect();
    const box = document.querySelector(css)!.getBoundingClientRect();
    return box.width > 0 && box.left >= frame.left - 1 && box.right <= frame.right + 1;
  }, selector);
}

for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
  test.describe(`at ${viewport.width} px`, () => {
    test.use({ viewport });

    test("every invalid row says its reason under it, the bad cell is in view, and a fixed cell says what it held", async ({ page }) => {
      await chooseFile(page, wideCsv());
      await continueTo(page, "review");
      await expect(reason(page, 3)).toHaveText("Reason (row 3): time: 2021-02-30 10:00 is not a date: February 2021 has 28 days.");
      await expect(reason(page, 6)).toContainText("Reason (row 6): email: no-at-sign.example.com is not an email address");
      await expect(page.getByTestId("row-reason")).toHaveCount(2);
      await page.screenshot({ path: `test-results/review-step-${viewport.width}.png`, fullPage: viewport.width < 640 });
      // Seen whole, without hovering, whatever the grid is scrolled to.
      for (const left of [0, 100_000]) {
        await page.getByTestId("review-grid").evaluate((grid, to) => grid.scrollTo({ left: to }), left);
        expect(await inFrame(page, '[data-testid="row-reason-line"][data-row="3"] [data-testid="row-reason"]')).toBe(true);
      }

      // The Invalid filter opens on the first bad cell, far right in the file, scrolled into view.
      await page.getByTestId("review-grid").evaluate((grid) => grid.scrollTo({ left: 0 }));
      await page.locator("label", { hasText: /^Invalid/ }).click();
      await expect(page.getByTestId("grid-row")).toHaveCount(2);
      await expect.poll(() => inFrame(page, '[data-testid="grid-row"][data-row="3"] [data-testid="bad-cell"]')).toBe(true);

      await page.locator("label", { hasText: /^All/ }).click();
      await row(page, 3).getByTestId("bad-cell").click();
      await page.getByTestId("cell-editor").fill("2021-02-28 10:00");
      await page.getByTestId("cell-editor").press("Enter");
      await expect(page.getByTestId("count-invalid")).toHaveText("1");
      await expect(reason(page, 3)).toHaveText("Fixed (row 3): time was 2021-02-30 10:00.");
      const fixed = row(page, 3).locator("[data-fixed]");
      await expect(fixed).toHaveAttribute("title", '2021-02-28 10:00, changed in review from "2021-02-30 10:00"');

      // Undo keeps several steps: two fixes, taken back newest first.
      await row(page, 6).getByTestId("bad-cell").click();
      await page.getByTestId("cell-editor").fill("customer4@example.com");
      await page.getByTestId("cell-editor").press("Enter");
      await expect(page.getByTestId("count-invalid")).toHaveText("0");
      const actions = page.getByTestId("step-actions");
      await expect(actions.getByTestId("undo-steps")).toHaveText("2 changes you can undo, newest first.");
      await actions.getByRole("button", { name: "Undo the change to row 6 (1 row)" }).click();
      await expect(page.getByTestId("count-invalid")).toHaveText("1");
      await actions.getByRole("button", { name: "Undo the change to row 3 (1 row)" }).click();
      await expect(page.getByTestId("count-invalid")).toHaveText("2");
      await expect(actions.getByRole("button", { name: /^Undo/ })).toHaveCount(0);
      await expect(reason(page, 3)).toHaveText("Reason (row 3): time: 2021-02-30 10:00 is not a date: February 2021 has 28 days.");
    });

    test("the Replace panel starts afresh when its column changes", async ({ page }) => {
      await chooseFile(page, wideCsv());
      await continueTo(page, "review");
      const column = page.getByLabel("Column", { exact: true });
      await page.getByTestId("replace-find").fill("Completes checkout");
      await page.getByTestId("replace-value").fill("Checkout");
      await page.getByLabel("Leave these rows out instead").check();
      await column.selectOption({ label: "time" });
      await expect(page.getByTestId("replace-find")).toHaveValue("");
      await expect(page.getByTestId("replace-value")).toHaveValue("");
      await expect(page.getByLabel("Leave these rows out instead")).not.toBeChecked();
      await expect(page.getByLabel("Rows where")).toHaveValue("value");
    });

    test("the grid is one tab stop with arrow keys inside, a skip link leads to the actions, and each step's heading takes the focus", async ({ page }) => {
      await chooseFile(page, wideCsv());
      await expect(page.getByRole("heading", { name: /^2\. Match the columns/ })).toBeFocused();
      await continueTo(page, "review");
      await expect(page.getByRole("heading", { name: /^3\. Review/ })).toBeFocused();

      // From the search field, one Tab enters the grid at its first bad cell, and one more leaves it.
      await page.getByLabel("Search by email or event name").focus();
      await page.keyboard.press("Tab");
      const focused = page.locator(":focus");
      await expect(focused).toHaveAttribute("data-testid", "bad-cell");
      await expect(focused).toHaveText(/^2021-02-30 10:00/);
      await page.keyboard.press("ArrowDown");
      await expect(focused).toHaveText("2021-02-03 10:00");
      await page.keyboard.press("Home");
      await expect(focused).toHaveText("4");
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("ArrowRight");
      await expect(focused).toHaveText("customer2@example.com");
      await page.keyboard.press("Control+End");
      await expect(focused).toHaveAccessibleName("Leave out row 31");
      await page.keyboard.press("Tab");
      await expect(focused).not.toHaveAttribute("data-key");
      expect(await focused.evaluate((element) => element.closest('[data-testid="review-grid"]') === null)).toBe(true);
      // Shift+Tab comes back to the cell last visited.
      await page.keyboard.press("Shift+Tab");
      await expect(focused).toHaveAccessibleName("Leave out row 31");

      // The skip link is the step's first stop and leads past everything to Back and Continue.
      await page.getByRole("heading", { name: /^3\. Review/ }).focus();
      await page.getByTestId("skip-to-actions").focus();
      await page.keyboard.press("Enter");
      await expect(focused).toHaveAttribute("data-testid", "step-actions");
      await page.keyboard.press("Tab");
      await expect(focused).toHaveText("Back");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await expect(page.getByRole("heading", { name: "4. Options" })).toBeFocused();
    });
  });
}
