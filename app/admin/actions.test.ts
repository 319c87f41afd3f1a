import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startYespoContract } from "@/lib/testing/yespo-contract";
import { forgetEnv } from "@/lib/env";
import { deleteYespoEvents, previewYespoDelete, testConnection } from "./actions";

// Who calls: an admin, unless a test says otherwise. The real check reads the request's cookie and Origin.
const caller = vi.hoisted(() => ({ role: "admin" as "admin" | "member" }));
vi.mock("@/lib/server/auth/current", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/server/auth/current")>();
  return {
    ...original,
    actionCaller: async () =>
      caller.role === "admin"
        ? { ok: true, user: { id: "00000000-0000-4000-8000-000000000001", email: "admin@example.com", role: "admin" } }
        : { ok: false, error: original.ADMINS_ONLY },
  };
});

const API_KEY = "admin-actions-key-2468";
const original = { ...process.env };
let yespo: Awaited<ReturnType<typeof startYespoContract>>;

function configure(variables: Record<string, string>): void {
  for (const name of Object.keys(process.env)) if (!(name in original)) delete process.env[name];
  Object.assign(process.env, original, variables);
  forgetEnv();
}

const withYespo = (extra: Record<string, string> = {}) =>
  configure({ DESTINATION: "yespo", YESPO_API_KEY: API_KEY, YESPO_BASE_URL: yespo.url, YESPO_TIME_ZONE: "Asia/Tokyo", ...extra });

const range = { from: "2024-03-01T00:00", to: "2024-03-31T23:59" };

beforeAll(async () => {
  yespo = await startYespoContract(API_KEY);
});
beforeEach(() => {
  caller.role = "admin";
});
afterEach(() => configure({}));
afterAll(() => yespo.close());

describe("testing the destination's connection", () => {
  it("says the built-in store needs no connection", async () => {
    configure({});
    expect(await testConnection({ destination: "builtin" })).toEqual({ ok: true, message: "Built-in event store: events stay in Backfill's own database." });
  });

  it("tests the destination it names, default or not, and only a configured one", async () => {
    withYespo({ DESTINATION: "builtin" });
    expect(await testConnection({ destination: "yespo" })).toEqual({ ok: true, message: "Connected to Yespo as Contract Shop." });
    expect(await testConnection({ destination: "customerio" })).toEqual({ ok: false, error: 'The destination "customerio" is not configured.' });
    expect(await testConnection({ destination: "https://evil.example" })).toMatchObject({ ok: false });
  });

  it("reaches Yespo with the key, and says so when the key is wrong", async () => {
    withYespo();
    expect(await testConnection({ destination: "yespo" })).toEqual({ ok: true, message: "Connected to Yespo as Contract Shop." });
    withYespo({ YESPO_API_KEY: "not-the-key" });
    expect(await testConnection({ destination: "yespo" })).toEqual({ ok: false, error: "Yespo did not accept the API key (401). Check YESPO_API_KEY." });
  });
});

describe("who may use the admin actions", () => {
  it("refuses a member before doing anything", async () => {
    withYespo({ ALLOW_EVENT_DELETE: "true" });
    caller.role = "member";
    const requestsBefore = yespo.requests.length;
    const refused = { ok: false, error: "Only an admin can do that." };
    expect(await testConnection({ destination: "yespo" })).toEqual(refused);
    expect(await previewYespoDelete(range)).toEqual(refused);
    expect(await deleteYespoEvents(range)).toEqual(refused);
    expect(yespo.requests).toHaveLength(requestsBefore);
  });
});

describe("deleting Yespo's past events by time range", () => {
  it("is refused on the server unless Yespo is configured and ALLOW_EVENT_DELETE is set", async () => {
    configure({ ALLOW_EVENT_DELETE: "true" });
    expect(await deleteYespoEvents(range)).toMatchObject({ ok: false, error: expect.stringContaining("Yespo is not configured here") });
    withYespo();
    const off = "Deleting past events in Yespo is turned off: an administrator can allow it with ALLOW_EVENT_DELETE=true.";
    expect(await previewYespoDelete(range)).toEqual({ ok: false, error: off });
    expect(await deleteYespoEvents(range)).toEqual({ ok: false, error: off });
    expect(yespo.deletes).toEqual([]);
  });

  it("states the range on both clocks, then sends it in the account's time zone", async () => {
    withYespo({ ALLOW_EVENT_DELETE: "true" });
    expect(await previewYespoDelete(range)).toEqual({
      ok: true,
      preview: {
        summary: "Every past event in Yespo from 2024-03-01 00:00 to 2024-03-31 23:59 UTC (2024-03-01 09:00 to 2024-04-01 08:59 in the account's time zone, Asia/Tokyo) will be deleted. Yespo does not say how many that is, and it cannot be undone.",
        confirmLabel: "Delete past events in Yespo",
        expected: null,
      },
    });
    expect(await deleteYespoEvents(range)).toEqual({ ok: true, message: "Yespo deleted the past events from 2024-03-01T09:00 to 2024-04-01T08:59 (Asia/Tokyo)." });
    expect(yespo.deletes).toEqual([{ from: "2024-03-01T09:00", to: "2024-04-01T08:59" }]);
    expect(await deleteYespoEvents({ from: "2024-04-01T00:00", to: "2024-03-01T00:00" })).toEqual({ ok: false, error: "To: The start of the range must come before its end." });
    expect(yespo.deletes).toHaveLength(1);
  });
});
