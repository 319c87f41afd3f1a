import { expect, test } from "@playwright/test";
import { request as httpRequest } from "node:http";
import { baseURL } from "../playwright.config";

/** A raw request, so that the Host header is exactly what a rebound name would send. */
function send(path: string, headers: Record<string, string>, method = "GET"): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${baseURL}${path}`, { method, headers }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on("error", reject);
    request.end(method === "POST" ? "[]" : undefined);
  });
}

test("the server answers only for its own name, refuses foreign actions with a 403, and guards prefetches like pages", async ({ page }) => {
  const host = new URL(baseURL).host;
  const rebound = await send("/sign-in", { host: "rebound.evil.example" });
  expect(rebound.status).toBe(421);
  expect(rebound.body).toContain("does not answer for that address");

  const foreign = await send("/sign-in", { host, origin: "http://evil.example", "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" }, "POST");
  expect(foreign.status).toBe(403);
  expect(foreign.body).toBe("This request did not come from Backfill's own pages, so it was refused.");

  // A prefetch of a page carries the same security headers as the page.
  await page.goto("/imports");
  const prefetch = await page.request.get("/imports/new", { headers: { "next-router-prefetch": "1", rsc: "1" } });
  expect(prefetch.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(prefetch.headers()["x-frame-options"]).toBe("DENY");
});
