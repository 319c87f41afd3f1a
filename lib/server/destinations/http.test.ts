import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerioDestination } from "./customerio";
import type { OutboundEvent } from "./types";
import { webhookDestination } from "./webhook";
import { yespoDestination } from "./yespo";

/**
 * The one HTTP client every destination uses: a redirect is never followed (it could carry events
 * and keys elsewhere), and ends the sending with a reason that says so; a request left unanswered, a
 * 429 and a 5xx ask for the same batch again, in the same words for every destination.
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

/** A platform that misbehaves as `misbehaviour` says, whatever the request. */
type Misbehaviour = "hang" | "stall" | "throttle" | "fail" | "refuse" | "refuse-one";
const LONG_WORDS = "x".repeat(2_000);
let misbehaviour: Misbehaviour = "hang";
let misbehaving: Server;
let misbehavingUrl = "";
let nobodyUrl = "";

beforeAll(async () => {
  misbehaving = createServer((request, response) => {
    request.resume();
    if (misbehaviour === "throttle") response.writeHead(429, { "retry-after": "7" }).end("slow down");
    else if (misbehaviour === "fail") response.writeHead(503).end("down for maintenance");
    else if (misbehaviour === "refuse") response.writeHead(400).end(LONG_WORDS);
    // One event refused, in the words of a webhook's 200 or of Customer.io's 207.
    else if (misbehaviour === "refuse-one" && request.url === "/hook") response.writeHead(200).end(JSON.stringify({ rejected: [{ id: event.dedupKey, reason: LONG_WORDS }] }));
    else if (misbehaviour === "refuse-one") response.writeHead(207).end(JSON.stringify({ errors: [{ batch_index: 0, reason: "invalid", message: LONG_WORDS }] }));
    // The status, then a body that never ends.
    else if (misbehaviour === "stall") response.writeHead(200, { "content-type": "application/json" }).write("{");
  });
  misbehavingUrl = `http://127.0.0.1:${await listen(misbehaving)}`;
  const closed = createServer();
  nobodyUrl = `http://127.0.0.1:${await listen(closed)}`;
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(async () => {
  misbehaving.closeAllConnections();
  await new Promise((resolve) => misbehaving.close(resolve));
});

/** Each destination, its name in a reason, and the one send it is asked to make. */
function destinations(url: string) {
  const timeoutMs = 300;
  return [
    { name: "The webhook", destination: webhookDestination({ url: `${url}/hook`, secret: "s".repeat(16), timeoutMs }) },
    { name: "Yespo", destination: yespoDestination({ baseUrl: `${url}/api`, apiKey: "k", timeZone: "UTC", triggerWindowHours: 72, allowDelete: false, timeoutMs }) },
    { name: "Customer.io", destination: customerioDestination({ baseUrl: url, siteId: "site", apiKey: "key", timeoutMs }) },
  ];
}

describe("a destination that does not answer, or answers 429 or 5xx", () => {
  it("is asked again, by the webhook, Yespo and Customer.io alike, whether it never answers or stalls in the middle of its answer", async () => {
    for (const mode of ["hang", "stall"] as const) {
      misbehaviour = mode;
      for (const { name, destination } of destinations(misbehavingUrl)) {
        expect(await destination.send([event], context), `${name}, ${mode}`).toEqual({ kind: "retry", reason: `${name} did not answer in time`, retryAfterMs: null });
      }
    }
  });

  it("is asked again when it cannot be reached", async () => {
    for (const { name, destination } of destinations(nobodyUrl)) {
      expect(await destination.send([event], context)).toEqual({ kind: "retry", reason: `${name} could not be reached`, retryAfterMs: null });
    }
  });

  it("is asked again no sooner than its Retry-After after a 429, and after a 5xx", async () => {
    misbehaviour = "throttle";
    for (const { name, destination } of destinations(misbehavingUrl)) {
      expect(await destination.send([event], context)).toEqual({ kind: "retry", reason: `${name} answered 429`, retryAfterMs: 7_000, throttled: true });
    }
    misbehaviour = "fail";
    for (const { name, destination } of destinations(misbehavingUrl)) {
      expect(await destination.send([event], context)).toEqual({ kind: "retry", reason: `${name} answered 503`, retryAfterMs: null });
    }
  });
});

describe("a destination's own words in a row's reason", () => {
  it("are cut to the same length for every destination, whether it refuses a whole request or one event in it", async () => {
    const reasons: string[] = [];
    misbehaviour = "refuse";
    for (const { destination } of destinations(misbehavingUrl)) {
      const result = await destination.send([event], context);
      if (result.kind === "done") reasons.push(...(result.refused ?? []).map((refused) => refused.reason));
    }
    misbehaviour = "refuse-one";
    for (const { destination } of destinations(misbehavingUrl).filter(({ name }) => name !== "Yespo")) {
      const result = await destination.send([event], context);
      if (result.kind === "done") reasons.push(...result.outcomes.flatMap((outcome) => (outcome.state === "rejected" ? [outcome.reason] : [])));
    }
    expect(reasons).toEqual([
      `Rejected by the webhook (400): ${"x".repeat(500)}`,
      `Rejected by Yespo (400): ${"x".repeat(500)}`,
      `Rejected by Customer.io (400): ${"x".repeat(500)}`,
      `Rejected by the webhook: ${"x".repeat(500)}`,
      `Rejected by Customer.io: ${"x".repeat(500)}`,
    ]);
  });
});
