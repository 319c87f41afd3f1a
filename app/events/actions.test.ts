import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { forgetEnv } from "@/lib/env";
import type { Database } from "@/lib/server/db/client";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { deleteEventRange, previewEventDelete } from "./actions";

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

let database: Database;
let dispose: () => Promise<void>;

function allowDelete(allowed: boolean): void {
  if (allowed) process.env.ALLOW_EVENT_DELETE = "true";
  else delete process.env.ALLOW_EVENT_DELETE;
  forgetEnv();
}

async function storedCount(): Promise<number> {
  const [row] = await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`);
  return row.n;
}

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
});
afterAll(async () => {
  allowDelete(false);
  await dispose();
});
beforeEach(async () => {
  caller.role = "admin";
  await database.sql.query(`DELETE FROM events`);
  await database.sql.query(
    `INSERT INTO events (dedup_key, email, event_name, occurred_at, params)
     SELECT lpad(to_hex(i), 32, '0'), 'ann@example.com', 'purchase', timestamptz '1990-01-01 00:00Z' + i * interval '1 day', '{}'
     FROM generate_series(0, 39) AS i`,
  );
});

const january = { from: "1990-01-01T00:00", to: "1990-01-31T23:59" };

describe("deleting stored events by time range", () => {
  it("is refused on the server while ALLOW_EVENT_DELETE is not set, whatever the page showed", async () => {
    allowDelete(false);
    const refusal = "Deleting events is turned off on this server: an administrator can allow it with ALLOW_EVENT_DELETE=true.";
    expect(await previewEventDelete(january)).toEqual({ ok: false, error: refusal });
    expect(await deleteEventRange({ ...january, expected: 31 })).toEqual({ ok: false, error: refusal });
    expect(await storedCount()).toBe(40);
  });

  it("is for admins only", async () => {
    allowDelete(true);
    caller.role = "member";
    expect(await previewEventDelete(january)).toEqual({ ok: false, error: "Only an admin can do that." });
    expect(await deleteEventRange({ ...january, expected: 31 })).toEqual({ ok: false, error: "Only an admin can do that." });
    expect(await storedCount()).toBe(40);
  });

  it("states the range and the count, then deletes what was confirmed", async () => {
    allowDelete(true);
    expect(await previewEventDelete(january)).toEqual({
      ok: true,
      preview: {
        summary: "31 events from 1990-01-01 00:00 to 1990-01-31 23:59 UTC, both minutes included, will be deleted from the built-in store. This cannot be undone.",
        confirmLabel: "Delete 31 events",
        expected: 31,
      },
    });
    expect(await deleteEventRange({ ...january, expected: 31 })).toEqual({ ok: true, message: "Deleted 31 events from 1990-01-01 00:00 to 1990-01-31 23:59 UTC." });
    expect(await storedCount()).toBe(9);
    expect(await previewEventDelete(january)).toEqual({ ok: false, error: "No stored event is from 1990-01-01 00:00 to 1990-01-31 23:59 UTC: there is nothing to delete." });
  });

  it("deletes nothing when the count changed since it was confirmed", async () => {
    allowDelete(true);
    expect(await deleteEventRange({ ...january, expected: 30 })).toEqual({
      ok: false,
      error: "The range now holds 31 events, not the 30 events you confirmed: nothing was deleted. Review the deletion again.",
    });
    expect(await storedCount()).toBe(40);
  });

  it("checks the range it is sent: real minutes, the start before the end, and a count", async () => {
    allowDelete(true);
    expect(await previewEventDelete({ from: "1990-02-30T00:00", to: "1990-03-01T00:00" })).toEqual({ ok: false, error: "From: 1990-02-30T00:00 is not a date and time that exists." });
    expect(await previewEventDelete({ from: "1990-02-01T00:00", to: "1990-02-01T00:00" })).toEqual({ ok: false, error: "To: The start of the range must come before its end." });
    expect(await previewEventDelete({ from: "1990-01-01 00:00; DROP TABLE events", to: "1990-02-01T00:00" })).toMatchObject({ ok: false, error: expect.stringMatching(/^From: Enter a date and time/) });
    expect(await deleteEventRange(january)).toMatchObject({ ok: false, error: expect.stringMatching(/^expected: /) });
    expect(await deleteEventRange("everything")).toMatchObject({ ok: false });
    expect(await storedCount()).toBe(40);
  });
});
