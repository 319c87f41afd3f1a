import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMomentHasher, loadDedupHasher } from "@/lib/events/dedup";
import type { Database } from "@/lib/server/db/client";
import { BUILTIN_IDENTITY } from "@/lib/server/destinations/identity";
import type { Destination } from "@/lib/server/destinations/types";
import { webhookDestination } from "@/lib/server/destinations/webhook";
import { stageTestImport } from "@/lib/server/testing/imports";
import { recordedRetries } from "@/lib/server/testing/retry";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { startWebhookContract } from "@/lib/testing/webhook-contract";
import type { StagedRowInput } from "@/lib/contract/staged-rows";
import { findChangedRepeats } from "./changed-repeats";
import { runImport } from "./run-import";

/**
 * A row fixed in review, and the original file imported again: the same address, name and time with
 * other values is skipped as already imported, saying with what, unless the import chose to send it.
 * On PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
let database: Database;
let dispose: () => Promise<void>;
let webhook: Awaited<ReturnType<typeof startWebhookContract>>;
const { options } = recordedRetries();

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  webhook = await startWebhookContract("moments-webhook-secret");
});
afterAll(async () => {
  await webhook.close();
  await dispose();
});

const order = (name: string, city: string, row = 2): StagedRowInput => ({
  row, email: `${name}@example.com`, event_name: "order", time: "2024-03-05 10:00", params: { city },
});

const cases: { name: string; destination: () => Destination | null; identity: () => string; received: () => Promise<number> }[] = [
  {
    name: "builtin", destination: () => null, identity: () => BUILTIN_IDENTITY,
    received: async () => (await database.sql.query(`SELECT 1 FROM events WHERE email LIKE 'builtin-%'`)).length,
  },
  {
    name: "webhook", destination: () => webhookDestination({ url: webhook.url, secret: "moments-webhook-secret" }),
    identity: () => webhookDestination({ url: webhook.url, secret: "moments-webhook-secret" }).identity,
    received: async () => [...webhook.received.values()].reduce((sum, times) => sum + times, 0),
  },
];

async function importRows(destination: Destination | null, kind: string, rows: StagedRowInput[], fileName: string, sendChangedRepeats = false) {
  const id = await stageTestImport(database.sql, rows, { fileName, destination: kind, params: ["city"], sendChangedRepeats });
  const outcome = await runImport(database.sql, id, destination, options);
  const reasons = await database.sql.query<{ state: string; reason: string | null }>(
    `SELECT state, reason FROM staged_rows WHERE import_id = $1 ORDER BY row_number`, [id]);
  return { outcome, reasons };
}

describe.each(cases)("an event sent again with other values to $name", ({ name, destination, identity, received }) => {
  it("is skipped with what it held before, found by the review's lookup, and sent when the import chooses so", async () => {
    const ann = `${name}-ann`;
    const first = await importRows(destination(), name, [order(ann, "NYC"), order(`${name}-bob`, "Lagos", 3)], `first-${name}.csv`);
    expect(first.outcome).toMatchObject({ finished: true, counts: { delivered: 2 } });

    const today = new Date().toISOString().slice(0, 10);
    const again = await importRows(destination(), name, [order(ann, "Boston"), order(`${name}-bob`, "Lagos", 3), order(`${name}-cat`, "Kyiv", 4)], `again-${name}.csv`);
    expect(again.outcome).toMatchObject({ finished: true, counts: { total: 3, delivered: 1, duplicates: 2 } });
    expect(again.reasons).toEqual([
      { state: "duplicate", reason: `Already imported with city "NYC" on ${today} (import "first-${name}.csv").` },
      { state: "duplicate", reason: `Already imported on ${today} (import "first-${name}.csv").` },
      { state: "delivered", reason: null },
    ]);
    expect(await received()).toBe(3);

    // The review asks with the keys the browser computes, as the server does when staging.
    const [dedup, moment] = await Promise.all([loadDedupHasher(), loadMomentHasher()]);
    const boston = { email: `${ann}@example.com`, eventName: "order", occurredMs: Date.parse("2024-03-05T10:00:00Z"), params: { city: "Boston" } };
    const hits = await findChangedRepeats(database.sql, identity(), [dedup(boston)], [moment(boston)]);
    expect(hits).toEqual([{ index: 0, earlier: { city: "NYC" }, when: today }]);

    const sent = await importRows(destination(), name, [order(ann, "Boston")], `send-${name}.csv`, true);
    expect(sent.outcome).toMatchObject({ finished: true, counts: { delivered: 1, duplicates: 0 } });
    expect(await received()).toBe(4);
  });
});
