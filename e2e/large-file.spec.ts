import { expect, test } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeEventsFile } from "../lib/bench/generate";
import { MIN_SPLIT_BYTES } from "../lib/csv/read-in-parallel";
import { chooseFile, continueTo } from "./wizard";

/**
 * A file large enough to be read on two cores (the file's worker reads the first half, a worker of
 * its own the second): the review holds every row of both halves, with the duplicates decided across
 * the whole file.
 */
function largeCsv() {
  const rows = 200_000;
  const lines = ["email,event_name,time,plan"];
  for (let i = 1; i <= rows; i++) {
    const time = `2024-0${(i % 9) + 1}-${String((i % 28) + 1).padStart(2, "0")} ${String(i % 24).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`;
    lines.push(`user${i}@example.com,purchase,${time},plan-${i % 3}`);
  }
  // Row numbers count the header: data line i is row i + 1.
  lines[150_000] = "broken-150000,purchase,2024-01-01 10:00,plan-0"; // row 150001, in the second half
  lines[10] = "user10@example.com,purchase,not a time,plan-1"; // row 11, in the first half
  lines[180_000] = lines[5]; // row 180001 repeats row 6, across the halves
  lines[190_000] = lines[170_000]; // row 190001 repeats row 170001, within the second half
  return { name: "large.csv", mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\n")}\n`) };
}

test("reads a file over the two-core size on two cores, with the counts, messages and duplicates of one", async ({ page }) => {
  const file = largeCsv();
  expect(file.buffer.length).toBeGreaterThan(MIN_SPLIT_BYTES);
  const workers: string[] = [];
  page.on("worker", (worker) => workers.push(worker.url()));
  await chooseFile(page, file);
  await expect(page.getByTestId("file-facts")).toHaveText("UTF-8, comma-separated, 200,000 rows");
  await continueTo(page, "review");
  await expect(page.getByTestId("count-send")).toHaveText("199,996");
  await expect(page.getByTestId("count-invalid")).toHaveText("2");
  await expect(page.getByTestId("count-duplicates")).toHaveText("2");

  const search = page.getByLabel("Search by email or event name");
  await search.fill("broken-150000");
  const broken = page.locator('[data-testid="grid-row"][data-row="150001"]');
  await expect(broken.getByTestId("bad-cell")).toHaveAttribute("title", '"broken-150000" is not an email address: it has no @.');

  await search.fill("user5@example.com");
  await expect(page.getByTestId("grid-row")).toHaveCount(2);
  await expect(page.locator('[data-testid="grid-row"][data-row="180001"]')).toContainText("Repeated");
  await expect(page.locator('[data-testid="grid-row"][data-row="180001"] [title^="Duplicate of row 6"]')).toHaveCount(1);

  await search.fill("user170000@example.com");
  await expect(page.locator('[data-testid="grid-row"][data-row="190001"] [title^="Duplicate of row 170001"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="grid-row"][data-row="170001"]')).toContainText("Valid");
  // The file's worker, the one it started for the second half, and a fresh one it leaves for the next file.
  await expect.poll(() => workers.length).toBe(3);
});

test("cancelling the read of a large file stops both workers' reading, and the file can be read again", async ({ page }) => {
  // A million rows: long enough to read that the cancel comes while both halves are read.
  const dir = mkdtempSync(join(tmpdir(), "backfill-e2e-large-"));
  try {
    const file = join(dir, "million.csv");
    await writeEventsFile(file, 1_000_000);
    const workers: { url: string; closed: boolean }[] = [];
    page.on("worker", (worker) => {
      const seen = { url: worker.url(), closed: false };
      workers.push(seen);
      worker.on("close", () => {
        seen.closed = true;
      });
    });
    await page.goto("/imports/new");
    await page.getByTestId("file-input").setInputFiles(file);
    // Rows are counted while the two halves are read.
    await expect(page.getByText(/^[1-9][\d,]* rows read/)).toBeVisible();
    // The file being read is named, with its size.
    await expect(page.getByTestId("reading-file")).toHaveText(/^million\.csv \(\d+\.\d MB\)$/);
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByRole("progressbar", { name: "Reading the file" })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "1. Choose your file" })).toBeVisible();
    // The file's worker stays for the next file; the one it started for the second half is stopped.
    await expect.poll(() => workers.filter((worker) => worker.closed).length).toBe(1);
    await page.getByTestId("file-input").setInputFiles(file);
    await expect(page.getByRole("heading", { name: /^2\. Match the columns/ })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId("file-facts")).toHaveText("UTF-8, comma-separated, 1,000,000 rows");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
