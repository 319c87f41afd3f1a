import { expect, test, type Browser } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { admin } from "../playwright.config";

/**
 * What the app answers to requests no page of it sends: methods it does not serve, action bodies that
 * are not what React sends, a path that does not decode. Each is answered at once with a 4xx, the
 * security headers and no stack trace in the log: without a session, anyone can send them in bulk.
 * The app runs here in a process of its own on the build the main config made, so that its log can be read.
 */
const port = Number(process.env.E2E_PORT) + 5;
const own = `http://127.0.0.1:${port}`;
const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
};

let server: ChildProcess;
let log = "";
let dataDir: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataDir = mkdtempSync(join(tmpdir(), "backfill-errors-"));
  // A process group of its own, so that stopping it stops npx and the server it starts.
  server = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(port)], {
    env: { ...process.env, DATA_DIR: dataDir, APP_URL: own, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  server.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  // The first start prints how to sign in once the app's start-up (instrumentation) has run.
  for (const deadline = Date.now() + 100_000; !log.includes("Backfill: sign in at"); ) {
    if (Date.now() > deadline) throw new Error(`the app did not start:\n${log}`);
    await fetch(`${own}/sign-in`).catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
});

test.afterAll(async () => {
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    process.kill(-server.pid, "SIGTERM");
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${own}${path}`, { method, headers }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** The sign-in action's id, as the page's own form sends it: the one action anyone may call without a session. */
async function signInActionId(browser: Browser): Promise<string> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(`${own}/sign-in`);
  const sent = page.waitForRequest((request) => request.method() === "POST" && Boolean(request.headers()["next-action"]));
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("not a password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  const id = (await sent).headers()["next-action"];
  await context.close();
  return id;
}

/** What the app logged while `work` ran, once its answers are in. */
async function loggedDuring(work: () => Promise<void>): Promise<string> {
  const before = log.length;
  await work();
  await new Promise((resolve) => setTimeout(resolve, 500));
  return log.slice(before);
}

function expectSecurityHeaders(answer: Answer, what: string) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(answer.headers[name], `${name} on ${what}`).toBe(value);
}

test("unsupported methods get a 405 naming the methods served, with the security headers and no log", async () => {
  const logged = await loggedDuring(async () => {
    for (const method of ["TRACE", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
      for (const path of ["/", "/sign-in", "/imports/new"]) {
        const answer = await send(method, path);
        expect(answer.status, `${method} ${path}`).toBe(405);
        expect(answer.headers.allow, `${method} ${path}`).toBe("GET, HEAD, POST");
        expectSecurityHeaders(answer, `${method} ${path}`);
      }
    }
  });
  expect(logged).toBe("");
});

test("a path that does not decode is not found, with the security headers", async () => {
  const logged = await loggedDuring(async () => {
    for (const path of ["/imports/%ZZ", "/%E0%A4%A", "/imports/%ZZ/rejected.csv"]) {
      const answer = await send("GET", path);
      expect(answer.status, path).toBe(404);
      expectSecurityHeaders(answer, path);
    }
  });
  expect(logged).toBe("");
});

test("an action body that React would not send is refused with a 400, no session needed, and leaves at most a line in the log", async ({ browser }) => {
  const action = await signInActionId(browser);
  const headers = { "next-action": action, origin: own, accept: "text/x-component" };
  const bodies = [
    { "content-type": "text/plain;charset=UTF-8", body: "[zxc" },
    { "content-type": "text/plain;charset=UTF-8", body: "" },
    { "content-type": "multipart/form-data; boundary=----x", body: "not a multipart body" },
  ];
  const logged = await loggedDuring(async () => {
    for (let round = 0; round < 5; round++) {
      for (const { body, ...type } of bodies) {
        const answer = await send("POST", "/sign-in", { ...headers, ...type }, body);
        expect(answer.status, body).toBe(400);
        expectSecurityHeaders(answer, `a body of ${JSON.stringify(body)}`);
      }
    }
    // A form post without an action id, with a body that is not multipart at all.
    const form = await send("POST", "/sign-in", { origin: own, "content-type": "multipart/form-data; boundary=----x" }, "garbage");
    expect(form.status).toBe(400);
  });
  expect(logged).not.toMatch(/^\s+at /m);
  expect(logged.split("\n").filter(Boolean).length).toBeLessThanOrEqual(1);

  // What the page itself sends still works.
  const real = await send("POST", "/sign-in", { ...headers, "content-type": "text/plain;charset=UTF-8" },
    JSON.stringify([{ email: admin.email, password: "a wrong password" }]));
  expect(real.status).toBe(200);
  expect(real.body).toContain("That email and password do not match an account.");
});

test("pages, static files and refusals carry the security headers", async () => {
  const page = await send("GET", "/sign-in");
  expect(page.status).toBe(200);
  expectSecurityHeaders(page, "a page");
  const script = /\/_next\/static\/[^"]+\.js/.exec(page.body)![0];
  expectSecurityHeaders(await send("GET", script), "a static file");
  const foreign = await send("POST", "/sign-in", { origin: "http://evil.example", "next-action": "0".repeat(42) }, "[]");
  expect(foreign.status).toBe(403);
  expectSecurityHeaders(foreign, "a refused action");
});
