import { expect, test, type Browser, type Page, type Request } from "@playwright/test";
import { baseURL } from "../playwright.config";
import { chooseFile, continueTo } from "./wizard";

const PASSWORD = "member password 123";
const unique = `${Date.now()}`;
const memberA = `ann.${unique}@example.com`;
const memberB = `bob.${unique}@example.com`;

async function addMember(page: Page, email: string) {
  await page.goto("/admin/users");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByTestId("add-user-result")).toContainText(`Added ${email}`);
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  return page;
}

const file = (name: string) => ({
  name,
  mimeType: "text/csv",
  buffer: Buffer.from(`email,event_name,time\nx.${unique}@example.com,signup,2020-01-01\nbroken,signup,2020-01-01\n`),
});

/** The server action calls a page makes, recorded so that a test can replay them as another caller would. */
function recordActions(page: Page): Request[] {
  const calls: Request[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.headers()["next-action"]) calls.push(request);
  });
  return calls;
}

test("a member sees and acts on their own imports only; others get nothing, by page, route or action", async ({ page, browser }) => {
  await addMember(page, memberA);
  await addMember(page, memberB);

  // Ann starts an import; its commit is lost on the way, so it waits in staging with her token.
  const ann = await signedIn(browser, memberA);
  const annCalls = recordActions(ann);
  let dropCommit = true;
  await ann.route("**/imports/new", async (route) => {
    const body = route.request().postData() ?? "";
    if (dropCommit && route.request().method() === "POST" && /^\[\{"importId":"[^"]+","token":"[^"]+"\}\]$/.test(body)) {
      await route.abort("connectionreset");
      return;
    }
    await route.continue();
  });
  await chooseFile(ann, file("ann.csv"));
  await continueTo(ann, "review");
  await continueTo(ann, "options");
  await expect(ann.getByTestId("report-to")).toHaveText(memberA);
  await ann.getByRole("button", { name: /Send 1 event\b/ }).click();
  await expect(ann.getByTestId("send-error")).toBeVisible({ timeout: 30_000 });
  const stage = annCalls.find((call) => (call.postData() ?? "").includes('"seq":0'))!;
  const importId = /"importId":"([0-9a-f-]{36})"/.exec(stage.postData()!)![1];
  const token = /"token":"([A-Za-z0-9_-]{43})"/.exec(stage.postData()!)![1];
  const commit = annCalls.findLast((call) => /^\[\{"importId"/.test(call.postData() ?? "") && !(call.postData() ?? "").includes('"seq"'))!;

  // Bob, another member, holding Ann's import id and even her token.
  const bob = await signedIn(browser, memberB);
  await bob.goto("/imports");
  await expect(bob.getByText("ann.csv")).toHaveCount(0);
  expect((await bob.goto(`/imports/${importId}`))!.status()).toBe(404);
  expect((await bob.request.get(`/imports/${importId}/rejected.csv`)).status()).toBe(404);
  const asBob = await bob.request.post(`/imports/new`, {
    headers: { ...pick(commit.headers(), ["next-action", "content-type", "accept", "next-router-state-tree"]), origin: baseURL },
    data: JSON.stringify([{ importId, token }]),
  });
  expect(await asBob.text()).toContain("This import does not exist, is not yours, or no longer takes rows.");

  // Nobody signed in gets nothing either.
  const anonymous = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const stranger = await anonymous.newPage();
  await stranger.goto(`/imports/${importId}`);
  await expect(stranger).toHaveURL(/\/sign-in\?next=/);
  expect((await stranger.request.get(`/imports/${importId}/rejected.csv`)).status()).toBe(401);
  const asStranger = await stranger.request.post(`/imports/new`, {
    headers: { ...pick(commit.headers(), ["next-action", "content-type", "accept"]), origin: baseURL },
    data: JSON.stringify([{ importId, token }]),
  });
  expect(await asStranger.text()).toContain("You are not signed in");

  // Ann's own session, replayed without an Origin (as a form on another site could), is refused too.
  for (const origin of [undefined, "null", "http://evil.example"]) {
    const replay = await ann.request.post(`/imports/new`, {
      headers: { ...pick(commit.headers(), ["next-action", "content-type", "accept"]), ...(origin ? { origin } : {}) },
      data: JSON.stringify([{ importId, token }]),
    });
    const text = await replay.text();
    expect(replay.status() >= 400 || text.includes("did not come from Backfill's own pages"), `Origin ${origin}: ${replay.status()} ${text.slice(0, 200)}`).toBe(true);
  }

  // The import waited for its owner: Ann tries again and it completes.
  dropCommit = false;
  await ann.getByRole("button", { name: "Try again" }).click();
  await ann.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
  expect(ann.url()).toContain(importId);
  await expect(ann.getByTestId("import-status")).toHaveText("Done, with rejected rows", { timeout: 30_000 });
  await expect(ann.getByTestId("import-delivered")).toHaveText("1");

  // An admin sees every import; a member cannot reach the admin pages.
  await page.goto(`/imports/${importId}`);
  await expect(page.getByRole("heading", { name: "ann.csv" })).toBeVisible();
  expect((await bob.goto("/admin/users"))!.status()).toBe(404);
  expect((await bob.goto("/events"))!.status()).toBe(404);
});

function pick(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name]]));
}
