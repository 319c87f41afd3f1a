import { expect, test as setup } from "@playwright/test";
import { admin, adminState } from "../playwright.config";

/** Signs the first admin in once; the other tests start from this browser state. */
setup("sign in as the first admin", async ({ page }) => {
  await page.goto("/imports/new");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fimports%2Fnew$/);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "1. Choose your file" })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveText(`${admin.email} (admin)`);
  await page.context().storageState({ path: adminState });
});
