import { expect, test } from "@playwright/test";
import { chooseFile, continueTo, fixture } from "./wizard";

test("the step indicator shows where one is and goes back; leaving with a file loaded asks first", async ({ page }) => {
  await page.goto("/imports/new");
  const steps = page.getByRole("navigation", { name: "Import steps" });
  await expect(steps.locator('[aria-current="step"]')).toHaveText("1. Upload");
  const template = page.getByRole("link", { name: "Download a template" });
  const body = await (await page.request.get((await template.getAttribute("href"))!)).text();
  expect(body).toBe("email,event_name,time\nann@example.com,Completes checkout,2024-05-01 10:00\n");

  await chooseFile(page, fixture("vero-example.csv"));
  await expect(steps.locator('[aria-current="step"]')).toHaveText("2. Match");
  await continueTo(page, "review");
  await continueTo(page, "options");
  await expect(steps.locator('[aria-current="step"]')).toHaveText("4. Options");
  await steps.getByRole("button", { name: "2. Match" }).click();
  await expect(page.getByRole("heading", { name: /^2\. Match the columns/ })).toBeVisible();
  await expect(steps.getByRole("button", { name: "1. Upload" })).toBeVisible();
  await expect(steps.getByText("3. Review")).not.toHaveRole("button");

  // A link in the app asks; saying no keeps the file and the step.
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Imports" }).click();
  expect(asked).toBe("Leave this import? The file you loaded and your changes to it will be lost.");
  await expect(page.getByRole("heading", { name: /^2\. Match the columns/ })).toBeVisible();

  // So does Back; saying no stays on the step.
  page.once("dialog", (dialog) => {
    asked = `back: ${dialog.message()}`;
    void dialog.dismiss();
  });
  await page.evaluate(() => history.back());
  await expect.poll(() => asked).toBe("back: Leave this import? The file you loaded and your changes to it will be lost.");
  await expect(page.getByRole("heading", { name: /^2\. Match the columns/ })).toBeVisible();
  await expect(page).toHaveURL(/\/imports\/new$/);

  // Closing the tab asks through the browser's own question.
  const question = page.waitForEvent("dialog");
  await page.close({ runBeforeUnload: true });
  const dialog = await question;
  expect(dialog.type()).toBe("beforeunload");
  await dialog.accept();
});

test("home shows a signed-in user's recent imports with their state", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Your recent imports" })).toBeVisible();
});

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("home offers a Sign in link", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
