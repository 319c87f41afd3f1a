import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { timeRangeSchema } from "@/lib/events/time-range";
import type { Database } from "@/lib/server/db/client";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { readEventSearch, type EventFilters } from "@/lib/contract/event-search";
import { BUILTIN_IDENTITY } from "@/lib/server/destinations/identity";
import { findDelivered } from "@/lib/server/imports/ledger";
import { countEventsByName, countEventsInRange, deleteEventsInRange, EVENTS_PER_PAGE, listEvents } from "./queries";

let database: Database;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
});
afterAll(() => dispose());
beforeEach(async () => {
  await database.sql.query(`DELETE FROM events`);
});

type Seed = { email: string; name: string; at: string; params?: Record<string, string> };
let seeded = 0;

async function store(events: Seed[]): Promise<void> {
  for (const event of events) {
    const dedupKey = (seeded++).toString(16).padStart(32, "0");
    await database.sql.query(
      `INSERT INTO events (dedup_key, email, event_name, occurred_at, params) VALUES ($1, $2, $3, $4, $5)`,
      [dedupKey, event.email, event.name, new Date(event.at), JSON.stringify(event.params ?? {})],
    );
  }
}

const filters = (overrides: Partial<EventFilters> = {}): EventFilters => ({ match: "exact", ...overrides });
const range = (from: string, to: string) => timeRangeSchema.parse({ from, to });
const names = (events: { eventName: string }[]) => events.map((event) => event.eventName);

describe("filtering the built-in store", () => {
  beforeEach(() =>
    store([
      { email: "Ann@Example.com", name: "purchase", at: "2020-01-01T10:00:00Z", params: { plan: "<b>gold</b>" } },
      { email: "ann@example.com", name: "signup", at: "2020-01-02T10:00:00Z" },
      { email: "annie@example.com", name: "purchase", at: "2020-01-03T10:00:00Z" },
      { email: "bob@example.com", name: "purchase", at: "2020-01-04T10:00:00Z" },
      { email: "a_n%n@example.com", name: "refund", at: "2020-01-05T10:00:00Z" },
    ]),
  );

  it("lists every event newest first, with its parameters as stored", async () => {
    const page = await listEvents(database.sql, filters());
    expect(page.events.map((event) => event.email)).toEqual([
      "a_n%n@example.com", "bob@example.com", "annie@example.com", "ann@example.com", "Ann@Example.com",
    ]);
    expect(page.events[4]).toMatchObject({ eventName: "purchase", occurredAt: new Date("2020-01-01T10:00:00Z"), params: { plan: "<b>gold</b>" } });
    expect(page).toMatchObject({ newer: null, older: null });
  });

  it("matches an email exactly in any case, or by its beginning", async () => {
    const exact = await listEvents(database.sql, filters({ email: "ANN@example.com" }));
    expect(names(exact.events)).toEqual(["signup", "purchase"]);
    const prefix = await listEvents(database.sql, filters({ email: "Ann", match: "prefix" }));
    expect(prefix.events.map((event) => event.email)).toEqual(["annie@example.com", "ann@example.com", "Ann@Example.com"]);
  });

  it("reads % and _ in a prefix as themselves", async () => {
    const literal = await listEvents(database.sql, filters({ email: "a_n%", match: "prefix" }));
    expect(literal.events.map((event) => event.email)).toEqual(["a_n%n@example.com"]);
    const wildcard = await listEvents(database.sql, filters({ email: "a%", match: "prefix" }));
    expect(wildcard.events).toEqual([]);
  });

  it("filters by event name and by a time range whose last minute is included", async () => {
    const purchases = await listEvents(database.sql, filters({ event: "purchase" }));
    expect(purchases.events.map((event) => event.email)).toEqual(["bob@example.com", "annie@example.com", "Ann@Example.com"]);
    const { from, to } = range("2020-01-02T10:00", "2020-01-04T09:59");
    const inRange = await listEvents(database.sql, filters({ from, to }));
    expect(inRange.events.map((event) => event.email)).toEqual(["annie@example.com", "ann@example.com"]);
    const lastMinute = range("2020-01-04T09:00", "2020-01-04T10:00");
    expect((await listEvents(database.sql, filters(lastMinute))).events).toHaveLength(1);
  });

  it("counts events per name under the email and time filters, whatever the name filter", async () => {
    expect(await countEventsByName(database.sql, filters())).toEqual({
      names: [{ eventName: "purchase", count: 3 }, { eventName: "refund", count: 1 }, { eventName: "signup", count: 1 }],
      total: 5,
      distinctNames: 3,
    });
    const ann = await countEventsByName(database.sql, filters({ email: "ann", match: "prefix", event: "signup" }));
    expect(ann).toEqual({ names: [{ eventName: "purchase", count: 2 }, { eventName: "signup", count: 1 }], total: 3, distinctNames: 2 });
    const { from, to } = range("2020-01-04T00:00", "2020-01-31T00:00");
    expect((await countEventsByName(database.sql, filters({ from, to }))).names).toEqual([
      { eventName: "purchase", count: 1 }, { eventName: "refund", count: 1 },
    ]);
    expect(await countEventsByName(database.sql, filters({ email: "nobody@example.com" }))).toEqual({ names: [], total: 0, distinctNames: 0 });
  });
});

describe("paging", () => {
  // 120 events, two at each of 60 instants: ties must neither repeat nor skip a row across pages.
  beforeEach(() =>
    store(Array.from({ length: 120 }, (_, i) => ({
      email: `user${i}@example.com`,
      name: "visit",
      at: new Date(Date.UTC(2021, 0, 1) + Math.floor(i / 2) * 60_000).toISOString(),
    }))),
  );

  it("walks 50 at a time to the oldest and back, each event once", async () => {
    const first = await listEvents(database.sql, filters());
    expect(first.events).toHaveLength(EVENTS_PER_PAGE);
    expect(first.newer).toBeNull();
    const second = await listEvents(database.sql, filters(), { before: first.older! });
    const third = await listEvents(database.sql, filters(), { before: second.older! });
    expect(third.events).toHaveLength(20);
    expect(third.older).toBeNull();
    const seen = [...first.events, ...second.events, ...third.events].map((event) => event.email);
    expect(new Set(seen).size).toBe(120);
    const times = [...first.events, ...second.events, ...third.events].map((event) => event.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const backToSecond = await listEvents(database.sql, filters(), { after: third.newer! });
    expect(backToSecond.events.map((event) => event.dedupKey)).toEqual(second.events.map((event) => event.dedupKey));
    const backToFirst = await listEvents(database.sql, filters(), { after: backToSecond.newer! });
    expect(backToFirst.events.map((event) => event.dedupKey)).toEqual(first.events.map((event) => event.dedupKey));
    expect(backToFirst.newer).toBeNull();
    expect(backToFirst.older).toEqual(first.older);
  });

  it("pages within the filters", async () => {
    const { from, to } = range("2021-01-01T00:10", "2021-01-01T00:44");
    const first = await listEvents(database.sql, filters({ from, to }));
    const second = await listEvents(database.sql, filters({ from, to }), { before: first.older! });
    expect(first.events).toHaveLength(50);
    expect(second.events).toHaveLength(20);
    expect(second.events.at(-1)?.email).toBe("user20@example.com");
  });
});

describe("deleting a time range", () => {
  beforeEach(() =>
    store([
      { email: "ann@example.com", name: "purchase", at: "2019-12-31T23:59:59.999Z" },
      { email: "ann@example.com", name: "purchase", at: "2020-01-01T00:00:00Z" },
      { email: "bob@example.com", name: "signup", at: "2020-01-31T23:59:59.999Z" },
      { email: "bob@example.com", name: "signup", at: "2020-02-01T00:00:00Z" },
    ]),
  );

  it("counts first, then deletes exactly the events of the range", async () => {
    const january = range("2020-01-01T00:00", "2020-01-31T23:59");
    expect(await countEventsInRange(database.sql, january)).toBe(2);
    // The store is its own ledger: the deleted events leave it, so a later import may store them again.
    const keys = (await database.sql.query<{ dedup_key: string }>(`SELECT dedup_key FROM events`)).map((row) => row.dedup_key);
    expect(await findDelivered(database.sql, BUILTIN_IDENTITY, keys)).toHaveLength(4);
    expect(await deleteEventsInRange(database.sql, january, 2)).toEqual({ ok: true, deleted: 2 });
    expect(await findDelivered(database.sql, BUILTIN_IDENTITY, keys)).toHaveLength(2);
    const left = await listEvents(database.sql, filters());
    expect(left.events.map((event) => event.occurredAt.toISOString())).toEqual(["2020-02-01T00:00:00.000Z", "2019-12-31T23:59:59.999Z"]);
  });

  it("deletes nothing when the range no longer holds the events that were confirmed", async () => {
    const january = range("2020-01-01T00:00", "2020-01-31T23:59");
    expect(await deleteEventsInRange(database.sql, january, 1)).toEqual({ ok: false, found: 2 });
    expect(await countEventsInRange(database.sql, january)).toBe(2);
  });
});

describe("the search parameters of /events", () => {
  it("reads filters and a page from the URL, and ignores empty ones", () => {
    const read = readEventSearch({ email: " ann@example.com ", match: "prefix", event: "", from: "2020-01-01T00:00", to: ["2020-02-01T00:00", "x"] });
    expect(read).toEqual({
      ok: true,
      search: { email: "ann@example.com", match: "prefix", event: undefined, from: new Date("2020-01-01T00:00Z"), to: new Date("2020-02-01T00:00Z"), before: undefined, after: undefined },
    });
    const cursor = readEventSearch({ before: `2020-01-01T00:00:00.000Z_${"0".repeat(31)}f` });
    expect(cursor.ok && cursor.search.before).toEqual({ occurredAt: new Date("2020-01-01T00:00:00Z"), dedupKey: `${"0".repeat(31)}f` });
  });

  it("lists the events of one import, linked from its page", async () => {
    const importId = "8a3c0f5e-8b4e-4d61-9d0c-2f1e6b7a9c01";
    await store([
      { email: "ann@example.com", name: "purchase", at: "2020-01-01T10:00:00Z" },
      { email: "bob@example.com", name: "purchase", at: "2020-01-02T10:00:00Z" },
      { email: "cat@example.com", name: "signup", at: "2020-01-03T10:00:00Z" },
    ]);
    await database.sql.query(`UPDATE events SET import_id = $1 WHERE event_name = 'purchase'`, [importId]);
    const read = readEventSearch({ import: importId });
    if (!read.ok) throw new Error(read.error);
    expect(names((await listEvents(database.sql, read.search)).events)).toEqual(["purchase", "purchase"]);
    expect(readEventSearch({ import: "1 OR 1=1" }).ok).toBe(false);
  });

  it("names the parameter that is wrong", () => {
    expect(readEventSearch({ from: "2020-02-30T00:00" })).toEqual({ ok: false, error: "from: 2020-02-30T00:00 is not a date and time that exists." });
    expect(readEventSearch({ from: "yesterday" })).toEqual({ ok: false, error: "from: Enter a date and time such as 2024-01-31T23:59 (UTC, to the minute)." });
    expect(readEventSearch({ from: "2020-02-01T00:00", to: "2020-01-01T00:00" })).toEqual({ ok: false, error: "to: The start of the range must come before its end." });
    expect(readEventSearch({ match: "contains" }).ok).toBe(false);
    expect(readEventSearch({ before: "1' OR 1=1" })).toEqual({ ok: false, error: "before: is not a page of this list" });
  });
});
