import { expect, test, type Browser, type Page } from "@playwright/test";

const unique = `${Date.now()}`;
const member = `acct.${unique}@example.com`;

async function signIn(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  return page;
}

test("an admin resets, promotes and removes an account; its owner replaces the password and signs out everywhere", async ({ page, browser }) => {
  await page.goto("/admin/users");
  await page.getByLabel("Email").fill(member);
  await page.getByLabel("Password").fill("first password 123");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByTestId("add-user-result")).toContainText(`Added ${member}`);

  const own = await signIn(browser, member, "first password 123");
  await expect(own.getByTestId("signed-in-as")).toHaveText(member);

  // The admin gives a new password: the member's session ends at once.
  const row = page.getByTestId("user-row").filter({ hasText: member });
  await row.getByRole("button", { name: "Reset password" }).click();
  await row.getByLabel(`New password for ${member}`).fill("chosen by the admin 1");
  await row.getByRole("button", { name: "Set new password" }).click();
  await expect(row.getByTestId("user-action-result")).toContainText("they will choose their own at the next sign-in");
  await own.goto("/imports");
  await expect(own).toHaveURL(/\/sign-in\?next=%2Fimports$/);

  // With the admin's password, every page leads to Account until the member chooses their own.
  const again = await signIn(browser, member, "chosen by the admin 1");
  await expect(again).toHaveURL(/\/account$/);
  await expect(again.getByTestId("must-change-password")).toBeVisible();
  await again.goto("/imports/new");
  await expect(again).toHaveURL(/\/account$/);
  await again.getByLabel("Current password").fill("chosen by the admin 1");
  await again.getByLabel("New password", { exact: true }).fill("my very own password");
  await again.getByLabel("New password again").fill("my very own password");
  await again.getByRole("button", { name: "Change password" }).click();
  await expect(again.getByTestId("change-password-result")).toContainText("Your password is changed");
  await again.goto("/imports");
  await expect(again.getByRole("heading", { name: "Imports" })).toBeVisible();

  // Sign out everywhere ends this browser's session too.
  await again.goto("/account");
  await again.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(again).toHaveURL(/\/sign-in/);
  await again.goto("/imports");
  await expect(again).toHaveURL(/\/sign-in\?next=/);

  // Promoted, then removed: the account can no longer sign in.
  await page.reload();
  await row.getByRole("button", { name: "Make admin" }).click();
  await expect(row.getByTestId("user-action-result")).toHaveText(`${member} is now an admin.`);
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByTestId("user-row").filter({ hasText: member })).toHaveCount(0);
  const removed = await signIn(browser, member, "my very own password");
  await expect(removed.getByTestId("sign-in-error")).toHaveText("That email and password do not match an account.");
});
