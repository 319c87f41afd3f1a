import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import type { Destination } from "@/lib/server/destinations/types";
import { readBudget, requestBudget } from "@/lib/server/destinations/request-budget";
import { yespoDestination, type YespoConfig } from "@/lib/server/destinations/yespo";
import { numberedRows, stageTestImport } from "@/lib/server/testing/imports";
import { recordedRetries } from "@/lib/server/testing/retry";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { startYespoContract } from "@/lib/testing/yespo-contract";
import { findContactsProgress } from "./contacts-progress";
import { runImport } from "./run-import";

const API_KEY = "yespo-contacts-key-0123456789";
const REFUSED = "blocked@example.com";
const BLACKLISTED = "The address is in the account's blacklist";
let database: Database;
let dispose: () => Promise<void>;
let contract: Awaited<ReturnType<typeof startYespoContract>>;

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  contract = await startYespoContract(API_KEY, { contacts: { sessionMs: 150, refuse: { [REFUSED]: BLACKLISTED } } });
});
afterAll(async () => {
  await contract.close();
  await dispose();
});

function config(): YespoConfig {
  return { baseUrl: contract.url, apiKey: API_KEY, timeZone: "Europe/Kyiv", triggerWindowHours: 72, allowDelete: false };
}

/** The Yespo destination, its contacts sent `perRequest` at a time (3,000 in the real one) to make several sessions of a few rows. */
function destination(perRequest?: number): Destination {
  const yespo = yespoDestination(config());
  return perRequest ? { ...yespo, contacts: { ...yespo.contacts!, maxPerRequest: perRequest } } : yespo;
}

let imports = 0;
/** Rows of `emails` (one an address each row, in turn), each event new to the ledger. */
function stagedImport(count: number, emailOf: (row: number) => string, contactsFirst = true): Promise<string> {
  const start = 1_600_000_000 + ++imports * 10_000_000;
  const rows = numberedRows(count, (row) => ({ row, email: emailOf(row), event_name: "orderCreated", time: String(start + row * 60), params: {} }));
  return stageTestImport(database.sql, rows, { fileName: "contacts.csv", destination: "yespo", contactsFirst });
}

const fast = (overrides = {}) => ({ ...recordedRetries(overrides).options, pollMs: 20 });

async function rowsOf(importId: string) {
  return database.sql.query<{ row_number: number; email: string; state: string; reason: string | null }>(
    `SELECT row_number, email, state, reason FROM staged_rows WHERE import_id = $1 ORDER BY row_number`,
    [importId],
  );
}

describe("contacts first", () => {
  it("creates each distinct contact once, in a session awaited to its end, before any of their events is sent", async () => {
    const before = { requests: contract.contacts.counts.requests, unassigned: contract.counts.unassigned, past: contract.counts.past };
    const id = await stagedImport(6, (row) => (row % 2 === 0 ? `Ann${row % 3}@example.com` : `bob${row % 3}@example.com`));
    const outcome = await runImport(database.sql, id, destination(), fast());
    expect(outcome).toMatchObject({ finished: true, status: "succeeded", counts: { delivered: 6 } });
    expect(contract.contacts.counts.requests - before.requests).toBe(1);
    const body = contract.requests.findLast((request) => request.path === "/v1/contacts")!.body as { contacts: unknown[]; dedupeOn: string };
    expect(body.dedupeOn).toBe("email");
    expect(body.contacts).toHaveLength(new Set((await rowsOf(id)).map((row) => row.email.toLowerCase())).size);
    expect(contract.counts.past - before.past).toBe(6);
    expect(contract.counts.unassigned - before.unassigned).toBe(0);
    expect(contract.violations).toEqual([]);
  });

  it("without the option sends the events to addresses that are no contacts yet: Yespo keeps them unassigned", async () => {
    const before = contract.counts.unassigned;
    const id = await stagedImport(2, (row) => `nobody${row}-${imports}@example.com`, false);
    await runImport(database.sql, id, destination(), fast());
    expect(contract.counts.unassigned - before).toBe(2);
  });

  it("rejects only the rows of a contact Yespo refuses, with Yespo's words, and never sends them as events", async () => {
    const before = contract.pastEvents.length;
    const id = await stagedImport(6, (row) => (row % 3 === 0 ? REFUSED : `fine${row}-${imports}@example.com`));
    const outcome = await runImport(database.sql, id, destination(2), fast());
    expect(outcome).toMatchObject({ finished: true, status: "partial", counts: { delivered: 4, rejected: 2 } });
    const rejected = (await rowsOf(id)).filter((row) => row.state === "rejected");
    expect(rejected.map((row) => row.email)).toEqual([REFUSED, REFUSED]);
    for (const row of rejected) expect(row.reason).toContain(BLACKLISTED);
    expect(contract.pastEvents.slice(before).map((event) => event.keyValue)).not.toContain(REFUSED);
    expect(await findContactsProgress(database.sql, id)).toEqual({ total: 5, settled: 5, failed: 1, sessions: 3, sessionsFinished: 3 });
  });

  it("resumes after a restart during a session: a finished session is never sent again, a named one is awaited, not sent again", async () => {
    const id = await stagedImport(6, (row) => `restart${row}-${imports}@example.com`);
    const requestsBefore = contract.contacts.counts.requests;
    const crashing = {
      ...fast(),
      // The worker dies while the second session runs, once the first finished.
      wait: async () => {
        const [{ finished }] = await database.sql.query<{ finished: number }>(
          `SELECT count(finished_at)::int AS finished FROM import_contact_batches WHERE import_id = $1`,
          [id],
        );
        if (finished === 1) throw new Error("worker killed");
        await new Promise((resolve) => setTimeout(resolve, 20));
      },
    };
    await expect(runImport(database.sql, id, destination(3), crashing)).rejects.toThrow("worker killed");
    const [{ finished, named }] = await database.sql.query<{ finished: number; named: number }>(
      `SELECT count(*) FILTER (WHERE finished_at IS NOT NULL)::int AS finished, count(session_id)::int AS named FROM import_contact_batches WHERE import_id = $1`,
      [id],
    );
    expect({ finished, named }).toEqual({ finished: 1, named: 2 });
    expect(await findContactsProgress(database.sql, id)).toMatchObject({ total: 6, settled: 3, sessions: 2, sessionsFinished: 1 });
    const pastBefore = contract.pastEvents.filter((event) => event.keyValue.startsWith("restart")).length;
    expect(pastBefore).toBe(0);
    const outcome = await runImport(database.sql, id, destination(3), fast());
    expect(outcome).toMatchObject({ finished: true, status: "succeeded", counts: { delivered: 6 } });
    expect(contract.contacts.counts.requests - requestsBefore).toBe(2);
  });

  it("waits out a 429 with Retry-After at the contacts and at the session's status, in the account's request budget, then goes on", async () => {
    const { waits, options } = recordedRetries();
    contract.faults.push({ status: 429, retryAfter: "3", path: "/v1/contacts" });
    contract.faults.push({ status: 429, retryAfter: "2", path: "/v1/importstatus" });
    const id = await stagedImport(3, (row) => `throttled${row}-${imports}@example.com`);
    const budgeted = yespoDestination({ ...config(), budgetOf: (identity) => requestBudget(database.sql, identity, 100, { sleep: async () => {} }) });
    const outcome = await runImport(database.sql, id, budgeted, { ...options, pollMs: 20 });
    // The 429s held back every sender of the account, not only this request.
    expect((await readBudget(database.sql, budgeted.identity))?.blockedUntil).not.toBeNull();
    expect(outcome).toMatchObject({ finished: true, status: "succeeded", counts: { delivered: 3 } });
    expect(waits[0]).toBeGreaterThanOrEqual(3_000);
    expect(waits[1]).toBeGreaterThanOrEqual(2_000);
    expect(contract.faults.pending).toBe(0);
  });

  it("rejects every row of a session that ends in ERROR with Yespo's description, and sends none of them", async () => {
    const failing = await startYespoContract(API_KEY, { contacts: { sessionMs: 40, failSessionsWith: "Import failed: the account's contact limit is reached" } });
    try {
      const id = await stagedImport(2, (row) => `limit${row}@example.com`);
      const yespo = yespoDestination({ ...config(), baseUrl: failing.url });
      const outcome = await runImport(database.sql, id, yespo, fast());
      expect(outcome).toMatchObject({ finished: true, status: "partial", counts: { delivered: 0, rejected: 2 } });
      for (const row of await rowsOf(id)) expect(row.reason).toContain("contact limit is reached");
      expect(failing.pastEvents).toEqual([]);
    } finally {
      await failing.close();
    }
  });

  it("is held to Yespo's documented request by the contract server: one address twice, or a field it does not know, refuses it", async () => {
    const post = (body: unknown) => fetch(`${contract.url}/v1/contacts`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from(`any:${API_KEY}`).toString("base64")}`, "Content-Type": "application/json; charset=UTF-8" },
      body: JSON.stringify(body),
    });
    const contact = (value: string) => ({ channels: [{ type: "email", value }] });
    expect((await post({ contacts: [contact("a@example.com"), contact("A@example.com")], dedupeOn: "email" })).status).toBe(400);
    expect((await post({ contacts: [contact("a@example.com")], dedupeOn: "email", tags: ["x"] })).status).toBe(400);
    expect((await post({ contacts: [contact("a@example.com")] })).status).toBe(400);
    expect((await post({ contacts: Array.from({ length: 3_001 }, (_, n) => contact(`c${n}@example.com`)), dedupeOn: "email" })).status).toBe(400);
    expect((await post({ contacts: [contact("a@example.com")], dedupeOn: "email" })).status).toBe(200);
    // The refusals above are this test's own, not the importer's.
    contract.violations.length = 0;
  });

  it("is refused for an import that does not go to Yespo", async () => {
    await expect(stageTestImport(database.sql, [], { destination: "builtin", contactsFirst: true })).rejects.toThrow(/Yespo imports only/);
  });
});
