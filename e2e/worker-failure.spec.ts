import { expect, test } from "@playwright/test";
import { chooseFile, continueTo, fixture } from "./wizard";

test("a worker that fails while the rows are sent says so, and a new file can be chosen", async ({ page }) => {
  // The worker that holds the rows fails (as when the tab runs out of memory) instead of answering
  // the first request for a batch of rows to send.
  await page.addInitScript(() => {
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker["postMessage"]>) {
      if ((args[0] as { type?: string } | null)?.type === "batch") {
        setTimeout(() => this.dispatchEvent(new ErrorEvent("error", { message: "Out of memory" })), 200);
        return;
      }
      post.apply(this, args as Parameters<Worker["postMessage"]>);
    } as Worker["postMessage"];
  });
  await chooseFile(page, fixture("vero-example.csv"));
  await continueTo(page, "review");
  await continueTo(page, "options");
  // Earlier tests may have delivered some of these events: the button counts only the others.
  await page.getByRole("button", { name: /^Send \d events?$/ }).click();
  await expect(page.getByTestId("file-error")).toHaveText(
    "Your browser stopped the part of this page that holds the file's rows (The worker failed: Out of memory). Choose the file again to start over.",
  );
  // A fresh worker reads the file again.
  await page.getByTestId("file-input").setInputFiles(fixture("vero-example.csv"));
  await expect(page.getByRole("heading", { name: /^2\. Match the columns/ })).toBeVisible({ timeout: 30_000 });
});
