import { expect, test, type Page } from "@playwright/test";
import { chooseFile } from "./wizard";

/** A CRM export of 300 columns: the three, and 297 attributes nobody needs all of. */
function threeHundredColumns() {
  const params = Array.from({ length: 297 }, (_, k) => `attribute_${k + 1}`);
  const lines = [["email", "event_name", "time", ...params].join(",")];
  for (let i = 0; i < 5; i++) lines.push([`ann${i}@example.com`, "Completes checkout", `2024-03-0${i + 1} 10:00`, ...params.map((_, k) => `v${k}`)].join(","));
  return { name: "three-hundred.csv", mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\n")}\n`) };
}

async function inWindow(page: Page, testId: string): Promise<boolean> {
  const box = (await page.getByTestId(testId).boundingBox())!;
  const { height } = page.viewportSize()!;
  return box.y >= 0 && box.y + box.height <= height + 1;
}

for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
  test.describe(`at ${viewport.width} px`, () => {
    test.use({ viewport });

    test("a 300-column file keeps the step's actions in sight, and one action leaves the other columns out", async ({ page }) => {
      await chooseFile(page, threeHundredColumns());
      expect(await inWindow(page, "step-actions")).toBe(true);
      await page.mouse.wheel(0, 20_000);
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
      expect(await inWindow(page, "step-actions")).toBe(true);
      await page.screenshot({ path: `test-results/match-step-wide-${viewport.width}.png` });

      const actions = page.getByTestId("step-actions");
      await actions.getByRole("button", { name: "Leave out the 297 parameter columns" }).click();
      await expect(page.getByTestId("role-3")).toHaveValue("skip");
      await expect(page.getByTestId("role-299")).toHaveValue("skip");
      await expect(page.getByTestId("role-0")).toHaveValue("email");
      await expect(actions.getByRole("button", { name: /^Leave out the/ })).toHaveCount(0);
      // One of them back, by hand: the action offers to leave that one out again.
      await page.getByTestId("role-5").selectOption("param");
      await expect(actions.getByRole("button", { name: "Leave out the parameter column" })).toBeVisible();

      await actions.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByRole("heading", { name: /^3\. Review/ })).toBeVisible();
      await expect(page.getByTestId("count-invalid")).toHaveText("0");
      await expect(page.getByTestId("grid-row")).toHaveCount(5);
    });
  });
}
