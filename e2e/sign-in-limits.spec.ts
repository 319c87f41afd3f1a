import { expect, test, type Browser, type Page } from "@playwright/test";
import { request as httpRequest } from "node:http";
import { admin, baseURL } from "../playwright.config";

const PASSWORD = "member password 456";
const unique = `${Date.now()}`;

async function signInPage(browser: Browser, path = "/sign-in"): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The sign-in action's id, as the page's own form sends it. */
async function signInActionId(browser: Browser): Promise<string> {
  const page = await signInPage(browser);
  const sent = page.waitForRequest((request) => request.method() === "POST" && Boolean(request.headers()["next-action"]));
  await fillSignIn(page, `nobody.${unique}@example.com`, "not a password at all");
  const id = (await sent).headers()["next-action"];
  await page.context().close();
  return id;
}

/**
 * The sign-in action called as another machine would: from its own source address on loopback
 * (127.0.0.x), claiming in X-Forwarded-For to be someone else each time. Resolves to the answer's text.
 */
function signInFrom(source: string, actionId: string, email: string, password: string): Promise<string> {
  const body = JSON.stringify([{ email, password }]);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${baseURL}/sign-in`,
      {
        method: "POST",
        localAddress: source,
        headers: {
          "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: baseURL,
          "x-forwarded-for": `203.0.113.${Math.floor(Math.random() * 250)}`,
        },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve(text));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** `next` values that normalise, once dot segments are removed, to a scheme-relative `//evil.example`. */
const DOT_SEGMENT_ATTACKS = ["/.//evil.example/phish", "/..//evil.example/phish", "/%2e//evil.example/phish",
  "/a/..//evil.example/phish", "/.%2F/evil.example/phish", "/.///evil.example/phish"];

test("after signing in, `next` leads only to a page of this app", async ({ browser, page }) => {
  for (const next of ["/%09/evil.example/phish", "/.//evil.example/phish", "/a/..//evil.example/phish"]) {
    const tabbed = await signInPage(browser, `/sign-in?next=${next}`);
    await fillSignIn(tabbed, admin.email, admin.password);
    await expect(tabbed.getByRole("heading", { name: "Imports" })).toBeVisible();
    expect(new URL(tabbed.url()).origin, next).toBe(baseURL);
    expect(new URL(tabbed.url()).pathname, next).toBe("/imports");
    await tabbed.context().close();
  }

  // Signed in, the page redirects at once: its Location, resolved as a browser does, stays on the app.
  for (const next of DOT_SEGMENT_ATTACKS) {
    const response = await page.request.get(`/sign-in?next=${next}`, { maxRedirects: 0 });
    expect(response.status(), next).toBe(307);
    const location = response.headers()["location"];
    expect(location, next).not.toMatch(/^\/\/|^[a-z]+:/i);
    expect(new URL(location, baseURL).origin, next).toBe(baseURL);
    expect(new URL(location, baseURL).pathname, next).toBe("/imports");
  }

  // A line break or a backslash in `next` is refused, for a signed-in user too; no error page.
  for (const next of ["/%0Aevil", "/%5Cevil.example", "//evil.example", "https://evil.example/x"]) {
    const response = await page.goto(`/sign-in?next=${next}`);
    expect(response!.status(), next).toBe(200);
    expect(new URL(page.url()).origin, next).toBe(baseURL);
    expect(new URL(page.url()).pathname, next).toBe("/imports");
  }

  // A path of the app, with its query and hash, is kept.
  const kept = await signInPage(browser, `/sign-in?next=${encodeURIComponent("/imports?page=1#top")}`);
  await fillSignIn(kept, admin.email, admin.password);
  await expect(kept).toHaveURL(`${baseURL}/imports?page=1#top`);
});

test("guesses sent at once are checked ten at most; the owner, elsewhere, is slowed down, not shut out", async ({ browser, page }) => {
  test.setTimeout(150_000);
  const member = `limits.${unique}@example.com`;
  await page.goto("/admin/users");
  await page.getByLabel("Email").fill(member);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByTestId("add-user-result")).toContainText(`Added ${member}`);
  const actionId = await signInActionId(browser);

  // Forty guesses at once from one machine, the right password last; X-Forwarded-For changes nothing.
  const guesses = Array.from({ length: 40 }, (_, i) => signInFrom("127.0.0.2", actionId, member, i === 39 ? PASSWORD : `wrong guess ${i}`));
  const answers = await Promise.all(guesses);
  expect(answers.filter((text) => text.includes("That email and password do not match an account."))).toHaveLength(10);
  expect(answers.filter((text) => text.includes("Too many failed sign-ins for this address: try again in 15 minutes."))).toHaveLength(30);
  expect(answers.some((text) => text.includes('"ok":true'))).toBe(false);

  // The owner, on another machine, is told to wait seconds, then gets in.
  const owner = await signInPage(browser);
  await fillSignIn(owner, member, PASSWORD);
  const error = owner.getByTestId("sign-in-error");
  await expect(error).toContainText(/slowed down after many failures: try again in \d+ seconds/);
  const seconds = Number(/in (\d+) seconds/.exec((await error.textContent()) ?? "")![1]);
  await owner.waitForTimeout(seconds * 1000 + 500);
  await owner.getByRole("button", { name: "Sign in" }).click();
  await expect(owner.getByTestId("signed-in-as")).toHaveText(member);
});

test("a flood of sign-ins from one machine stops costing anything at its limit, and others still sign in", async ({ browser }) => {
  test.setTimeout(120_000);
  const actionId = await signInActionId(browser);
  // Seven waves of ten at once: each wave is checked in full (ten hashes may wait their turn), until the client's fifty are spent.
  const flood: string[] = [];
  for (let wave = 0; wave < 7; wave++) {
    flood.push(...(await Promise.all(
      Array.from({ length: 10 }, (_, i) => signInFrom("127.0.0.3", actionId, `flood${wave}.${i}.${unique}@example.com`, "a flood of guesses")),
    )));
  }
  expect(flood.filter((text) => text.includes("That email and password do not match an account."))).toHaveLength(50);
  expect(flood.filter((text) => text.includes("Too many sign-ins from your network: try again in 15 minutes."))).toHaveLength(20);

  const someoneElse = await signInPage(browser);
  await fillSignIn(someoneElse, admin.email, admin.password);
  await expect(someoneElse.getByTestId("signed-in-as")).toHaveText(`${admin.email} (admin)`);
});
