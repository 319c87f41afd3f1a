import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { chooseFile, continueTo, holdStagingCall, ownCopy } from "./wizard";

/** What axe-core finds on the page as it is now, of serious or critical impact, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join("; ")})`);
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await seriousViolations(page), what).toEqual([]);
}

for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
  test.describe(`at ${viewport.width} px`, () => {
    test.use({ viewport });

    test("every step of the wizard passes the accessibility check, and so does the import's page", async ({ page }) => {
      test.setTimeout(120_000);
      await page.goto("/imports/new");
      await expect(page.getByRole("heading", { name: "1. Choose your file" })).toBeVisible();
      await expectAccessible(page, "upload step");
      await chooseFile(page, ownCopy("vero-example.csv", `a11y${viewport.width}`));
      await expectAccessible(page, "match step");
      await continueTo(page, "review");
      await expect(page.getByTestId("grid-row")).toHaveCount(3);
      await expectAccessible(page, "review step");
      await page.locator('[data-testid="grid-row"][data-row="4"]').getByTestId("bad-cell").first().click();
      await expect(page.getByTestId("cell-editor")).toBeVisible();
      await expectAccessible(page, "review step, editing a cell");
      await page.keyboard.press("Escape");
      await continueTo(page, "options");
      await expectAccessible(page, "options step");
      await page.getByRole("button", { name: /^Send/ }).click();
      await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
      await expect(page.getByTestId("import-status")).toHaveText(/^Done/, { timeout: 30_000 });
      await expectAccessible(page, "the import's page");
    });

    test("the Sending step passes the accessibility check while the rows go up", async ({ page }) => {
      const lines = ["email,event_name,time"];
      for (let i = 0; i < 12_000; i++) lines.push(`a11y-send${viewport.width}.${i}@example.com,signup,2021-03-01 10:00`);
      // The second stageRows call waits until the check is done: the upload is half way.
      const { held, release } = await holdStagingCall(page, 1);
      await chooseFile(page, { name: `a11y-send-${viewport.width}.csv`, mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\n")}\n`) });
      await continueTo(page, "review");
      await continueTo(page, "options");
      await page.getByRole("button", { name: /^Send/ }).click();
      await held;
      await expect(page.getByTestId("rows-uploaded")).toBeVisible();
      await expectAccessible(page, "sending step");
      release();
      await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    });

    test("every page of the app passes the accessibility check", async ({ page }) => {
      test.setTimeout(120_000);
      for (const path of ["/", "/imports", "/events", "/outbox", "/account", "/admin", "/admin/users", "/imports/00000000-0000-4000-8000-000000000000"]) {
        await page.goto(path);
        await expect(page.locator("h1").first()).toBeVisible();
        await expectAccessible(page, path);
      }
    });

    test.describe("signed out", () => {
      test.use({ storageState: { cookies: [], origins: [] } });

      test("the sign-in page passes the accessibility check", async ({ page }) => {
        await page.goto("/sign-in");
        await expect(page.locator("h1").first()).toBeVisible();
        await expectAccessible(page, "/sign-in");
      });
    });
  });
}
