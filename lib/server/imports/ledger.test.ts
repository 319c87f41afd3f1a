import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { customerioDestination } from "@/lib/server/destinations/customerio";
import type { Destination } from "@/lib/server/destinations/types";
import { webhookDestination } from "@/lib/server/destinations/webhook";
import { yespoDestination } from "@/lib/server/destinations/yespo";
import { stageTestImport } from "@/lib/server/testing/imports";
import { recordedRetries } from "@/lib/server/testing/retry";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { startCustomerioContract } from "@/lib/testing/customerio-contract";
import { startWebhookContract } from "@/lib/testing/webhook-contract";
import { startYespoContract, yespoEventKey } from "@/lib/testing/yespo-contract";
import { runImport } from "./run-import";
import type { StagedRowInput } from "@/lib/contract/staged-rows";

/**
 * The promise of the ledger, on every destination against its contract server: the same file
 * imported twice sends each event once, the second import finds every valid row already imported,
 * and a corrected file sends only the rows it corrects. On PGlite, and on PostgreSQL with
 * TEST_DATABASE_URL.
 */
let database: Database;
let dispose: () => Promise<void>;
let yespo: Awaited<ReturnType<typeof startYespoContract>>;
let customerio: Awaited<ReturnType<typeof startCustomerioContract>>;
let webhook: Awaited<ReturnType<typeof startWebhookContract>>;
const { options } = recordedRetries();

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  [yespo, customerio, webhook] = await Promise.all([
    startYespoContract("ledger-yespo-key"),
    startCustomerioContract("site-9", "ledger-cio-key"),
    startWebhookContract("ledger-webhook-secret"),
  ]);
});
afterAll(async () => {
  await Promise.all([yespo.close(), customerio.close(), webhook.close()]);
  await dispose();
});

/** A file of 20 orders; rows 5 and 9 hold an address that is not one until the file is corrected. */
function orders(corrected: boolean): StagedRowInput[] {
  return Array.from({ length: 20 }, (_, i) => {
    const row = i + 2;
    const broken = !corrected && (row === 5 || row === 9);
    return { row, email: broken ? `buyer${row}.example.com` : `buyer${row}@example.com`, event_name: "order", time: `2024-03-${String(row).padStart(2, "0")} 10:00`, params: { total: String(row * 10) } };
  });
}

async function importOrders(destination: string, fileName: string, corrected: boolean, target: Destination | null) {
  const id = await stageTestImport(database.sql, orders(corrected), { fileName, destination, params: ["total"] });
  const outcome = await runImport(database.sql, id, target, options);
  const reasons = await database.sql.query<{ state: string; reason: string | null }>(
    `SELECT state, reason FROM staged_rows WHERE import_id = $1 ORDER BY row_number`, [id]);
  return { outcome, reasons };
}

type Case = { name: string; destination: () => Destination | null; received: () => Promise<string[]> };

const cases: Case[] = [
  {
    name: "builtin",
    destination: () => null,
    received: async () => (await database.sql.query<{ dedup_key: string }>(`SELECT dedup_key FROM events`)).map((row) => row.dedup_key),
  },
  {
    name: "yespo",
    destination: () => yespoDestination({ baseUrl: yespo.url, apiKey: "ledger-yespo-key", timeZone: "UTC", triggerWindowHours: 72, allowDelete: false }),
    received: async () => yespo.pastEvents.map(yespoEventKey),
  },
  {
    name: "customerio",
    destination: () => customerioDestination({ baseUrl: customerio.url, siteId: "site-9", apiKey: "ledger-cio-key" }),
    // Customer.io drops a repeated id itself: what would have been sent twice shows as a repeat.
    received: async () => [...customerio.events.keys(), ...Array.from({ length: customerio.repeats() }, () => "repeat")],
  },
  {
    name: "webhook",
    destination: () => webhookDestination({ url: webhook.url, secret: "ledger-webhook-secret" }),
    received: async () => [...webhook.received].flatMap(([id, times]) => Array.from({ length: times }, () => id)),
  },
];

describe.each(cases)("importing the same file again to $name", ({ name, destination, received }) => {
  it("sends each event once: the second import finds every valid row already imported, the corrected one sends only the corrected rows", async () => {
    const first = await importOrders(name, `orders-${name}.csv`, false, destination());
    expect(first.outcome).toMatchObject({ finished: true, status: "partial", counts: { total: 20, delivered: 18, duplicates: 0, rejected: 2 } });
    expect(await received()).toHaveLength(18);

    const again = await importOrders(name, `orders-${name}-again.csv`, false, destination());
    expect(again.outcome).toMatchObject({ finished: true, counts: { total: 20, delivered: 0, duplicates: 18, rejected: 2 } });
    const today = new Date().toISOString().slice(0, 10);
    const duplicate = again.reasons.find((row) => row.state === "duplicate")!;
    expect(duplicate.reason).toBe(`Already imported on ${today} (import "orders-${name}.csv").`);
    expect(await received()).toHaveLength(18);

    const corrected = await importOrders(name, `orders-${name}-corrected.csv`, true, destination());
    expect(corrected.outcome).toMatchObject({ finished: true, status: "succeeded", counts: { total: 20, delivered: 2, duplicates: 18, rejected: 0 } });
    const all = await received();
    expect(all).toHaveLength(20);
    expect(new Set(all).size).toBe(20);
  });
});

describe("the built-in store's ledger", () => {
  it("is its events: storing one writes no ledger row, and the event keeps its moment key for a changed repeat", async () => {
    const rows = orders(true).slice(0, 3).map((row) => ({ ...row, email: row.email.replace("buyer", "own") }));
    const id = await stageTestImport(database.sql, rows, { fileName: "own-ledger.csv", params: ["total"] });
    expect(await runImport(database.sql, id, null, options)).toMatchObject({ finished: true, counts: { delivered: 3 } });
    const [ledger] = await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM delivered_events WHERE destination = 'builtin'`);
    expect(ledger.n).toBe(0);
    const stored = await database.sql.query<{ same: boolean }>(
      `SELECT e.moment_key IS NOT DISTINCT FROM s.moment_key AND e.moment_key IS NOT NULL AS same
       FROM staged_rows s JOIN events e ON e.dedup_key = s.dedup_key WHERE s.import_id = $1`,
      [id],
    );
    expect(stored).toHaveLength(3);
    expect(stored.every((row) => row.same)).toBe(true);
  });
});
