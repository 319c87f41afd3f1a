import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerioDestination } from "./customerio";
import type { OutboundEvent } from "./types";
import { webhookDestination } from "./webhook";
import { yespoDestination } from "./yespo";

/**
 * The one HTTP client every destination uses: a redirect is never followed (it could carry events
 * and keys elsewhere), and ends the sending with a reason that says so.
 */
let redirecting: Server;
let elsewhere: Server;
let elsewhereHits = 0;
let redirectUrl = "";

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
}

beforeAll(async () => {
  elsewhere = createServer((request, response) => {
    elsewhereHits++;
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  const elsewherePort = await listen(elsewhere);
  // A contract server that answers every request with a 307 to another port of this machine.
  redirecting = createServer((request, response) => {
    request.resume();
    response.writeHead(307, { location: `http://127.0.0.1:${elsewherePort}${request.url}` }).end();
  });
  redirectUrl = `http://127.0.0.1:${await listen(redirecting)}`;
});
afterAll(async () => {
  await Promise.all([redirecting, elsewhere].map((server) => new Promise((resolve) => server.close(resolve))));
});

const event: OutboundEvent = { rowNumber: 2, dedupKey: "0".repeat(32), email: "ann@example.com", eventName: "signup", occurredMs: 1_700_000_000_000, params: {} };
const context = { importId: "3f0c6a52-5a4e-4c4e-9d43-1c1b5b0e8a11", triggerCampaigns: false };

describe("a destination that answers with a redirect", () => {
  it("is never followed, by the webhook, Yespo or Customer.io, nor by a connection test: the other port receives nothing", async () => {
    const webhook = await webhookDestination({ url: `${redirectUrl}/hook`, secret: "s".repeat(16) }).send([event], context);
    expect(webhook).toEqual({ kind: "failed", reason: expect.stringMatching(/^The webhook answered 307, a redirect to http:\/\/127\.0\.0\.1:\d+\/hook\. Backfill never follows redirects/) });
    const yespo = yespoDestination({ baseUrl: `${redirectUrl}/api`, apiKey: "k", timeZone: "UTC", triggerWindowHours: 72, allowDelete: false });
    expect(await yespo.send([event], context)).toMatchObject({ kind: "failed", reason: expect.stringContaining("Yespo answered 307") });
    expect(await yespo.testConnection!()).toMatchObject({ ok: false, message: expect.stringContaining("Backfill never follows redirects") });
    const customerio = customerioDestination({ baseUrl: redirectUrl, siteId: "site", apiKey: "key" });
    expect(await customerio.send([event], context)).toMatchObject({ kind: "failed" });
    expect(await customerio.testConnection!()).toMatchObject({ ok: false, message: expect.stringContaining("Customer.io answered 307") });
    expect(elsewhereHits).toBe(0);
  });
});
