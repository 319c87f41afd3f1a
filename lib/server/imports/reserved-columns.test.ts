import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImportInputSchema } from "@/lib/contract/imports";
import type { Database } from "@/lib/server/db/client";
import { customerioDestination } from "@/lib/server/destinations/customerio";
import { stageTestImport, type TestImportOptions } from "@/lib/server/testing/imports";
import { recordedRetries } from "@/lib/server/testing/retry";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { startCustomerioContract } from "@/lib/testing/customerio-contract";
import { runImport } from "./run-import";

/**
 * Customer.io's reserved attributes (`recipient`, `from_address`, `reply_to`) redirect the emails an
 * event triggers. Whatever path created the import, the server sends one only when the import
 * recorded it as kept on purpose; a column that is merely among the import's parameters (as every
 * column was, from the command line) is not enough. On PGlite, and on PostgreSQL with TEST_DATABASE_URL.
 */
let database: Database;
let dispose: () => Promise<void>;
let contract: Awaited<ReturnType<typeof startCustomerioContract>>;
const { options } = recordedRetries();

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  contract = await startCustomerioContract("site-r", "reserved-key");
});
afterAll(async () => {
  await contract.close();
  await dispose();
});

/** Three rows of a file with a `recipient` column, set on two of them. */
async function importWithRecipient(fileName: string, extra: Partial<TestImportOptions>) {
  const rows = [2, 3, 4].map((row) => ({
    row, email: `reserved.${fileName}.${row}@example.com`, event_name: "renewal", time: `2024-05-0${row} 10:00`,
    params: { plan: "pro", ...(row === 3 ? {} : { recipient: "attacker@evil.example" }) },
  }));
  const id = await stageTestImport(database.sql, rows, { fileName, destination: "customerio", params: ["plan", "recipient"], ...extra });
  const destination = customerioDestination({ baseUrl: contract.url, siteId: "site-r", apiKey: "reserved-key" });
  const outcome = await runImport(database.sql, id, destination, options);
  const states = await database.sql.query<{ row_number: number; state: string; reason: string | null }>(
    `SELECT row_number, state, reason FROM staged_rows WHERE import_id = $1 ORDER BY row_number`, [id]);
  const sent = [...contract.events.values()].filter((entry) => entry.identifiers.email.startsWith(`reserved.${fileName}.`));
  return { outcome, states, sent };
}

describe("Customer.io's reserved attributes on the server", () => {
  it("refuses a reserved parameter that the import did not record as kept, though it is among its parameters", async () => {
    const { outcome, states, sent } = await importWithRecipient("not-kept", {});
    expect(outcome).toMatchObject({ status: "partial", counts: { total: 3, delivered: 1, rejected: 2 } });
    expect(states.filter((row) => row.state === "rejected").map((row) => row.row_number)).toEqual([2, 4]);
    expect(states[0].reason).toBe(
      "Not sent to Customer.io: The parameter `recipient` would change where the emails this event triggers are sent, and the import did not keep it on purpose.",
    );
    expect(sent.map((entry) => entry.attributes)).toEqual([{ plan: "pro" }]);
  });

  it("sends it when the import recorded it as kept", async () => {
    const { outcome, sent } = await importWithRecipient("kept", { keptReserved: ["recipient"] });
    expect(outcome).toMatchObject({ status: "succeeded", counts: { total: 3, delivered: 3, rejected: 0 } });
    expect(sent.filter((entry) => entry.attributes?.recipient === "attacker@evil.example")).toHaveLength(2);
  });

  it("takes as kept only columns that are among the import's parameters", () => {
    const input = {
      fileName: "a.csv", timeZone: "UTC", triggerCampaigns: false, notifyEmail: null,
      columns: { email: "email", event_name: "event_name", time: "time", params: ["plan"], keptReserved: ["recipient"] },
    };
    expect(createImportInputSchema.safeParse(input).success).toBe(false);
    expect(createImportInputSchema.safeParse({ ...input, columns: { ...input.columns, params: ["plan", "recipient"] } }).success).toBe(true);
  });
});
