import { expect, type Page } from "@playwright/test";
import { fileURLToPath } from "node:url";

export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

type FileInput = string | { name: string; mimeType: string; buffer: Buffer };

/** Opens the wizard and chooses a file: it ends on the mapping step. */
export async function chooseFile(page: Page, file: FileInput): Promise<void> {
  await page.goto("/imports/new");
  await page.getByTestId("file-input").setInputFiles(file);
  await expect(page.getByRole("heading", { name: /^2\. Match the columns/ })).toBeVisible({ timeout: 30_000 });
}

/** From the mapping step to the review step, then to the options. */
export async function continueTo(page: Page, step: "review" | "options"): Promise<void> {
  if (step === "review") {
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { name: /^3\. Review/ })).toBeVisible();
    return;
  }
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "4. Options" })).toBeVisible();
}
