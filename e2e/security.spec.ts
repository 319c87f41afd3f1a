import { expect, test } from "@playwright/test";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { admin, secrets } from "../playwright.config";
import { chooseFile, continueTo, waitForMail } from "./wizard";

test("every page passes its Content-Security-Policy and sends the security headers", async ({ page }) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { violations: string[] }).violations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const response = await page.goto("/imports/new");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-frame-options"]).toBe("DENY");

  // The wizard's worker, charts and grid all run under the policy.
  await page.getByTestId("file-input").setInputFiles({ name: "csp.csv", mimeType: "text/csv", buffer: Buffer.from("email,event_name,time\na@example.com,csp_check,2021-01-01\n") });
  await continueTo(page, "review");
  await expect(page.getByTestId("grid-row")).toHaveCount(1);
  for (const path of ["/", "/imports", "/outbox", "/admin", "/admin/users", "/events"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), path).toEqual([]);
  }
});

test("no configured secret reaches the browser's bundle", async () => {
  const files: string[] = [];
  async function walk(dir: string) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.push(path);
    }
  }
  await walk(".next/static");
  expect(files.length).toBeGreaterThan(10);
  const values = [...Object.values(secrets), admin.password];
  for (const path of files) {
    const text = await readFile(path, "latin1");
    for (const value of values) expect(text.includes(value), `${value} in ${path}`).toBe(false);
  }
});

test("markup, formulas and line breaks from a file stay inert in the grid, the import page, the CSV and the email", async ({ page }) => {
  const name = `<img src=x onerror="window.pwned=1">`;
  const csv = [
    "email,event_name,time,note",
    `inert.${Date.now()}@example.com,"${name.replaceAll('"', '""')}",2021-02-03,"=HYPERLINK(""http://evil.example"",""x"")"`,
    `<script>window.pwned=2</script>,signup,2021-02-03,"line one\nBcc: victim@example.com"`,
  ].join("\n");
  let dialogs = 0;
  page.on("dialog", async (dialog) => {
    dialogs++;
    await dialog.dismiss();
  });
  await chooseFile(page, { name: "inert.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await continueTo(page, "review");
  await expect(page.getByTestId("grid-row").first()).toContainText(name);
  await expect(page.getByTestId("bad-cell")).toContainText("<script>window.pwned=2</script>");
  await expect(page.getByTestId("event-names")).toContainText(name);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download rejected rows (CSV)" }).click();
  const rejected = (await readFile(await (await download).path())).toString("utf8");
  expect(rejected).toContain("<script>window.pwned=2</script>,signup,2021-02-03,\"line one\nBcc: victim@example.com\"");

  await continueTo(page, "options");
  await page.getByRole("button", { name: /Send 1 event\b/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done, with rejected rows", { timeout: 30_000 });
  await expect(page.getByTestId("rejected-row")).toContainText("<script>window.pwned=2</script>");
  const exported = await (await page.request.get(`${page.url()}/rejected.csv`)).text();
  expect(exported).toContain("<script>window.pwned=2</script>");

  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  expect(dialogs).toBe(0);

  const mail = await waitForMail("Import of inert.csv");
  expect(mail.to).toBe(admin.email);
  expect(mail.html).not.toContain("<script>window.pwned");
  expect(mail.html).toContain("&lt;script&gt;window.pwned=2&lt;/script&gt;");
  // The line break stays inside the value: it adds no recipient.
  expect(mail.to).not.toContain("victim");
});
