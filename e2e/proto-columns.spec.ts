import { expect, test } from "@playwright/test";
import { chooseFile, continueTo, waitForMail } from "./wizard";

/**
 * Columns named after an object's machinery are parameters like any other, through the whole path:
 * the wizard's worker, the action transport into stageRows, the built-in store, the rejected rows'
 * CSV and the report.
 */
const csv = [
  "email,event_name,time,__proto__,constructor,toString",
  "proto-kept@example.com,signup,2021-02-03 10:00,p1,c1,t1",
  "not-an-email,signup,2021-02-03 10:00,p2,c2,t2",
].join("\n");

test("keeps the values of columns named __proto__, constructor and toString on every path", async ({ page }) => {
  await chooseFile(page, { name: "proto-columns.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await continueTo(page, "review");
  await continueTo(page, "options");
  await page.getByRole("button", { name: /Send 1 event/ }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("import-status")).toHaveText("Done, with rejected rows", { timeout: 30_000 });
  await expect(page.getByTestId("import-delivered")).toHaveText("1");
  await expect(page.getByTestId("rejected-row")).toContainText("not-an-email");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download rejected rows (CSV)" }).click();
  const chunks: Buffer[] = [];
  for await (const chunk of await (await download).createReadStream()) chunks.push(chunk as Buffer);
  const lines = Buffer.concat(chunks).toString("utf8").split("\r\n");
  expect(lines[0]).toBe("\uFEFFemail,event_name,time,__proto__,constructor,toString,row_number,rejection_reason");
  expect(lines[1]).toMatch(/^not-an-email,signup,2021-02-03 10:00,p2,c2,t2,3,/);

  const mail = await waitForMail("Import of proto-columns.csv");
  expect(mail.text).toContain("Row 3 (not-an-email, signup, 2021-02-03 10:00, __proto__: p2; constructor: c2; toString: t2)");
  expect(mail.attachments[0].content).toContain("not-an-email,signup,2021-02-03 10:00,p2,c2,t2,3,");

  await page.goto("/events?email=proto-kept%40example.com");
  const stored = page.getByTestId("event-row");
  await expect(stored).toHaveCount(1);
  for (const value of ["__proto__: p1", "constructor: c1", "toString: t1"]) await expect(stored).toContainText(value);
});
