import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { env, forgetEnv } from "@/lib/env";
import { startCustomerioContract } from "@/lib/testing/customerio-contract";
import { startKlaviyoContract } from "@/lib/testing/klaviyo-contract";
import { startMixpanelContract } from "@/lib/testing/mixpanel-contract";
import { startSegmentContract } from "@/lib/testing/segment-contract";
import { startYespoContract } from "@/lib/testing/yespo-contract";
import {
  configuredDestinations, deleteYespoPastEvents, describeDestination, describeDestinations, destinationFor, identityOf, partlyConfigured,
  testDestinationConnection,
} from "./configured";

const YESPO_KEY = "yespo-configured-key-6789";
const original = { ...process.env };
let yespo: Awaited<ReturnType<typeof startYespoContract>>;
let customerio: Awaited<ReturnType<typeof startCustomerioContract>>;
let klaviyo: Awaited<ReturnType<typeof startKlaviyoContract>>;
let segment: Awaited<ReturnType<typeof startSegmentContract>>;
let mixpanel: Awaited<ReturnType<typeof startMixpanelContract>>;

function configure(variables: Record<string, string>): void {
  for (const name of Object.keys(process.env)) if (!(name in original)) delete process.env[name];
  Object.assign(process.env, original, variables);
  forgetEnv();
}

beforeAll(async () => {
  yespo = await startYespoContract(YESPO_KEY);
  customerio = await startCustomerioContract("site-1", "cio-configured-key-4321");
  klaviyo = await startKlaviyoContract("pk_configured_key_9876");
  segment = await startSegmentContract("segment-configured-key-2468");
  mixpanel = await startMixpanelContract("mixpanel-configured-token-1357");
});
afterEach(() => configure({}));
afterAll(async () => {
  await yespo.close();
  await customerio.close();
  await klaviyo.close();
  await segment.close();
  await mixpanel.close();
});

describe("destination configuration", () => {
  it("names the variable a destination is missing, or the one that is wrong", () => {
    configure({ DESTINATION: "yespo" });
    expect(() => env()).toThrow("DESTINATION: yespo, the default destination, is not configured: it needs YESPO_API_KEY and YESPO_TIME_ZONE");
    configure({ DESTINATION: "customerio", CUSTOMERIO_API_KEY: "k" });
    expect(() => env()).toThrow("DESTINATION: customerio, the default destination, is not configured: it needs CUSTOMERIO_SITE_ID");
    configure({ DESTINATION: "klaviyo" });
    expect(() => env()).toThrow("DESTINATION: klaviyo, the default destination, is not configured: it needs KLAVIYO_API_KEY");
    configure({ DESTINATION: "segment" });
    expect(() => env()).toThrow("DESTINATION: segment, the default destination, is not configured: it needs SEGMENT_WRITE_KEY");
    configure({ DESTINATION: "mixpanel" });
    expect(() => env()).toThrow("DESTINATION: mixpanel, the default destination, is not configured: it needs MIXPANEL_PROJECT_TOKEN");
    configure({ DESTINATION: "yespo", YESPO_API_KEY: "k", YESPO_BASE_URL: "http://yespo.example.com/api" });
    expect(() => env()).toThrow("YESPO_BASE_URL: must use https://");
    configure({ DESTINATION: "yespo", YESPO_API_KEY: "k", YESPO_TIME_ZONE: "Europe/Atlantis" });
    expect(() => env()).toThrow("YESPO_TIME_ZONE: must be an IANA time zone");
  });

  it("defaults to Yespo's own address and no deleting, and requires the account's time zone", () => {
    configure({ DESTINATION: "yespo", YESPO_API_KEY: "k" });
    expect(() => env()).toThrow("it needs YESPO_TIME_ZONE (the time zone of the Yespo user whose API key is used");
    configure({ DESTINATION: "yespo", YESPO_API_KEY: "k", YESPO_TIME_ZONE: "Europe/Kyiv" });
    expect(env()).toMatchObject({ YESPO_BASE_URL: "https://yespo.io/api", YESPO_TIME_ZONE: "Europe/Kyiv", ALLOW_EVENT_DELETE: false, CUSTOMERIO_BASE_URL: "https://track.customer.io" });
  });
});

describe("the configured Yespo", () => {
  it("is described with its key masked, and its connection tested against the platform", async () => {
    configure({ DESTINATION: "yespo", YESPO_API_KEY: YESPO_KEY, YESPO_TIME_ZONE: "Europe/Kyiv", YESPO_BASE_URL: yespo.url });
    expect(describeDestination("yespo")).toEqual({ name: "yespo", label: "Yespo", url: yespo.url, maskedSecrets: { YESPO_API_KEY: "••••6789" }, isDefault: true });
    expect(destinationFor("yespo")?.label).toBe("Yespo");
    expect(await testDestinationConnection("yespo")).toEqual({ ok: true, message: "Connected to Yespo as Contract Shop." });
  });

  it("deletes past events only where ALLOW_EVENT_DELETE is set", async () => {
    const range = { from: new Date("2024-01-01T00:00:00Z"), to: new Date("2024-01-02T00:00:00Z") };
    configure({ DESTINATION: "yespo", YESPO_API_KEY: YESPO_KEY, YESPO_TIME_ZONE: "Europe/Kyiv", YESPO_BASE_URL: yespo.url });
    await expect(deleteYespoPastEvents(range)).rejects.toThrow("Deleting past events in Yespo is turned off: set ALLOW_EVENT_DELETE=true to allow it.");
    expect(yespo.deletes).toEqual([]);
    configure({ DESTINATION: "yespo", YESPO_API_KEY: YESPO_KEY, YESPO_TIME_ZONE: "Europe/Kyiv", YESPO_BASE_URL: yespo.url, ALLOW_EVENT_DELETE: "true" });
    expect((await deleteYespoPastEvents(range)).ok).toBe(true);
    expect(yespo.deletes).toEqual([{ from: "2024-01-01T02:00", to: "2024-01-02T02:00" }]);
  });
});

describe("the configured Customer.io", () => {
  it("is described with both credentials masked, and its connection tested", async () => {
    configure({ DESTINATION: "customerio", CUSTOMERIO_SITE_ID: "site-1", CUSTOMERIO_API_KEY: "cio-configured-key-4321", CUSTOMERIO_BASE_URL: customerio.url });
    expect(describeDestination("customerio")).toEqual({
      name: "customerio", label: "Customer.io", url: customerio.url,
      maskedSecrets: { CUSTOMERIO_SITE_ID: "••••", CUSTOMERIO_API_KEY: "••••4321" }, isDefault: true,
    });
    expect(await testDestinationConnection("customerio")).toEqual({ ok: true, message: "Connected to Customer.io (region US, workspace 42)." });
  });

  it("keeps the built-in store when nothing is configured", async () => {
    configure({});
    expect(env()).toMatchObject({ KLAVIYO_BASE_URL: "https://a.klaviyo.com", KLAVIYO_REQUESTS_PER_SECOND: 2.5 });
    configure({});
    expect(describeDestinations()).toEqual([{ name: "builtin", label: "Built-in event store", url: null, maskedSecrets: {}, isDefault: true }]);
    expect(destinationFor("builtin")).toBeNull();
    expect(() => destinationFor("customerio")).toThrow('The destination "customerio" of this import is not configured.');
    expect(await testDestinationConnection("customerio")).toEqual({ ok: false, message: 'The destination "customerio" is not configured.' });
  });
});

describe("several destinations at once", () => {
  const both = { YESPO_API_KEY: YESPO_KEY, YESPO_TIME_ZONE: "Europe/Kyiv", CUSTOMERIO_SITE_ID: "site-1", CUSTOMERIO_API_KEY: "cio-configured-key-4321" };

  it("offers every kind whose variables are set, the built-in store always, and DESTINATION as the default", async () => {
    configure({ ...both, YESPO_BASE_URL: yespo.url, CUSTOMERIO_BASE_URL: customerio.url, DESTINATION: "customerio" });
    expect(configuredDestinations()).toEqual([
      { name: "builtin", label: "Built-in event store", isDefault: false },
      { name: "yespo", label: "Yespo", isDefault: false },
      { name: "customerio", label: "Customer.io", isDefault: true },
    ]);
    expect(describeDestinations().map((described) => [described.name, described.isDefault])).toEqual([["builtin", false], ["yespo", false], ["customerio", true]]);
    expect(destinationFor("yespo")?.label).toBe("Yespo");
    expect(destinationFor("customerio")?.label).toBe("Customer.io");
    expect(() => destinationFor("webhook")).toThrow('The destination "webhook" of this import is not configured.');
    expect(() => destinationFor("https://evil.example/collect")).toThrow("is not configured");
    // Each keeps its own ledger: an event delivered to one is not thereby at the other.
    expect(new Set(["builtin", "yespo", "customerio"].map(identityOf)).size).toBe(3);
    expect(await testDestinationConnection("yespo")).toEqual({ ok: true, message: "Connected to Yespo as Contract Shop." });
    expect(await testDestinationConnection("customerio")).toEqual({ ok: true, message: "Connected to Customer.io (region US, workspace 42)." });
  });

  it("leaves out a kind set up halfway, and says on /admin what it lacks", () => {
    configure({ YESPO_API_KEY: YESPO_KEY, WEBHOOK_SECRET: "a-webhook-secret-of-some-length" });
    expect(configuredDestinations().map((choice) => choice.name)).toEqual(["builtin"]);
    expect(partlyConfigured()).toEqual([
      { name: "webhook", label: "Webhook", missing: ["WEBHOOK_URL"] },
      { name: "yespo", label: "Yespo", missing: ["YESPO_TIME_ZONE"] },
    ]);
    configure({ DESTINATION: "webhook", WEBHOOK_SECRET: "a-webhook-secret-of-some-length" });
    expect(() => env()).toThrow("DESTINATION: webhook, the default destination, is not configured: it needs WEBHOOK_URL");
  });

  it("deletes Yespo's past events wherever Yespo is configured, default or not", async () => {
    configure({ YESPO_API_KEY: YESPO_KEY, YESPO_TIME_ZONE: "Europe/Kyiv", YESPO_BASE_URL: yespo.url, ALLOW_EVENT_DELETE: "true" });
    const before = yespo.deletes.length;
    expect((await deleteYespoPastEvents({ from: new Date("2024-02-01T00:00:00Z"), to: new Date("2024-02-02T00:00:00Z") })).ok).toBe(true);
    expect(yespo.deletes.length).toBe(before + 1);
    configure({});
    await expect(deleteYespoPastEvents({ from: new Date("2024-02-01T00:00:00Z"), to: new Date("2024-02-02T00:00:00Z") })).rejects.toThrow("needs Yespo configured");
  });
});

describe("the configured Klaviyo", () => {
  it("is described with its key masked, and its connection tested", async () => {
    configure({ DESTINATION: "klaviyo", KLAVIYO_API_KEY: "pk_configured_key_9876", KLAVIYO_BASE_URL: klaviyo.url });
    expect(describeDestination("klaviyo")).toMatchObject({ name: "klaviyo", label: "Klaviyo", url: klaviyo.url, maskedSecrets: { KLAVIYO_API_KEY: "••••9876" } });
    expect(destinationFor("klaviyo")?.label).toBe("Klaviyo");
    expect(await testDestinationConnection("klaviyo")).toEqual({ ok: true, message: "Connected to Klaviyo (account Backfill Test Shop)." });
  });
});

describe("the configured Segment and Mixpanel", () => {
  it("are described with their key masked, default to the vendors' addresses, and test their connection", async () => {
    configure({ DESTINATION: "segment", SEGMENT_WRITE_KEY: "k" });
    expect(env()).toMatchObject({ SEGMENT_BASE_URL: "https://api.segment.io", MIXPANEL_BASE_URL: "https://api.mixpanel.com", SEGMENT_REQUESTS_PER_SECOND: 50, MIXPANEL_REQUESTS_PER_SECOND: 60 });
    configure({ DESTINATION: "segment", SEGMENT_WRITE_KEY: "segment-configured-key-2468", SEGMENT_BASE_URL: segment.url });
    expect(describeDestination("segment")).toMatchObject({ name: "segment", label: "Segment", url: segment.url, maskedSecrets: { SEGMENT_WRITE_KEY: "••••2468" } });
    expect((await testDestinationConnection("segment")).ok).toBe(true);
    configure({ DESTINATION: "mixpanel", MIXPANEL_PROJECT_TOKEN: "mixpanel-configured-token-1357", MIXPANEL_BASE_URL: mixpanel.url });
    expect(describeDestination("mixpanel")).toMatchObject({ name: "mixpanel", label: "Mixpanel", url: mixpanel.url, maskedSecrets: { MIXPANEL_PROJECT_TOKEN: "••••1357" } });
    expect(destinationFor("mixpanel")?.identity).toMatch(/^mixpanel http:\/\/127\.0\.0\.1:\d+ [0-9a-f]{16}$/);
    expect(await testDestinationConnection("mixpanel")).toMatchObject({ ok: true });
    expect(() => destinationFor("segment")).toThrow('The destination "segment" of this import is not configured.');
  });
});
