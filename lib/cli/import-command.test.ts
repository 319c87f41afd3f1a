import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { startCustomerioContract } from "@/lib/testing/customerio-contract";
import { startYespoContract } from "@/lib/testing/yespo-contract";
import { startMixpanelContract } from "@/lib/testing/mixpanel-contract";

/**
 * `backfill import` as a user runs it, in a process of its own on an embedded database of its own:
 * what it prints where, and what Ctrl-C leaves behind.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "backfill-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function eventsFile(name: string, rows: number): string {
  const lines = ["email,event_name,time,plan"];
  for (let n = 2; n <= rows + 1; n++) lines.push(`${n % 500 === 0 ? "not-an-email" : `u${n}@example.com`},renewal,${1_600_000_000 + n},pro`);
  const file = join(dir, name);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

type Run = { args?: string[]; env?: Record<string, string>; onStderr?: (text: string, child: ReturnType<typeof spawn>) => void };

function runImport(file: string, dataDir: string, { args = ["--json"], env = {}, onStderr }: Run = {}) {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", "import", file, ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", APP_URL: "http://127.0.0.1:3999", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr?.(stderr, child);
  });
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (status) => resolve({ status, stdout, stderr })),
  );
}

async function tableCounts(dataDir: string) {
  const db = await PGlite.create(join(dataDir, "pglite"));
  try {
    const { rows } = await db.query<{ imports: number; staged: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM imports) AS imports, (SELECT count(*)::int FROM staged_rows) AS staged,
              (SELECT count(*)::int FROM events) AS events`,
    );
    return rows[0];
  } finally {
    await db.close();
  }
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("backfill import on PGlite", () => {
  it("shows progress on stderr and keeps stdout to the one summary with --json", async () => {
    const rows = 3_000;
    const dataDir = join(dir, "data-progress");
    const run = await runImport(eventsFile("renewals.csv", rows), dataDir);
    expect(run.status).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    expect(summary).toEqual({
      importId: expect.any(String),
      status: "partial",
      total: rows,
      delivered: rows - 6,
      duplicates: 0,
      rejected: 6,
      page: `http://127.0.0.1:3999/imports/${summary.importId}`,
    });
    expect(run.stderr).toContain(`Import ${summary.importId} to Built-in event store: http://127.0.0.1:3999/imports/${summary.importId}`);
    expect(run.stderr).toMatch(/Looking through the file for its date order and JSON columns: \d+% of the file, [\d.]+ MB\/s/);
    expect(run.stderr).toMatch(/Looked through the file in [\d.]+ s: /);
    expect(run.stderr).toMatch(/Reading and staging: [\d,]+ rows, \d+% of the file, [\d.]+ MB\/s/);
    expect(run.stderr).toContain("Read 3,000 rows (utf-8); delivering…");
    expect(run.stderr).toContain("Delivered 2,994 of 3,000 rows.");
  }, 180_000);

  it("stops reading at Ctrl-C, says so, and leaves no half-staged import", async () => {
    const dataDir = join(dir, "data-interrupt");
    let sent = false;
    const run = await runImport(eventsFile("long.csv", 300_000), dataDir, {
      onStderr: (stderr, child) => {
        if (!sent && stderr.includes("Reading and staging")) {
          sent = true;
          child.kill("SIGINT");
        }
      },
    });
    expect(run.status).toBe(130);
    expect(run.stderr).toMatch(/Stopped while reading .*long\.csv: nothing was delivered, and the [\d,]+ rows staged so far were removed\. Run the same command again to import the file\./);
    expect(JSON.parse(run.stdout)).toMatchObject({ importId: null, status: "stopped" });
    expect(await tableCounts(dataDir)).toEqual({ imports: 0, staged: 0, events: 0 });
  }, 180_000);

  it("takes --destination, and refuses one that is not configured before reading anything", async () => {
    const dataDir = join(dir, "data-destination");
    const run = await runImport(eventsFile("small.csv", 10), dataDir, {
      args: ["--destination", "webhook"],
      env: { WEBHOOK_URL: "", WEBHOOK_SECRET: "" },
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('The destination "webhook" is not configured; use one of builtin.\n');
  }, 180_000);

  it("sends to the configured destination --destination names, though DESTINATION names another", async () => {
    const contract = await startCustomerioContract("site-choice", "choice-key");
    try {
      const env = { DESTINATION: "builtin", CUSTOMERIO_BASE_URL: contract.url, CUSTOMERIO_SITE_ID: "site-choice", CUSTOMERIO_API_KEY: "choice-key" };
      const run = await runImport(eventsFile("to-customerio.csv", 3), join(dir, "data-chosen"), { env, args: ["--json", "--destination", "customerio"] });
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ status: "succeeded", total: 3, delivered: 3 });
      expect(contract.events.size).toBe(3);
      expect(await tableCounts(join(dir, "data-chosen"))).toMatchObject({ imports: 1, events: 0 });
    } finally {
      await contract.close();
    }
  }, 180_000);

  it("leaves out Customer.io's reserved columns unless --keep-column names them, and says so", async () => {
    const contract = await startCustomerioContract("site-cli", "cli-key");
    try {
      const file = join(dir, "redirects.csv");
      writeFileSync(file, "email,event_name,time,recipient,plan\nr2@example.com,renewal,2024-05-02,attacker@evil.example,pro\n" +
        "r3@example.com,renewal,2024-05-03,,pro\nr4@example.com,renewal,2024-05-04,attacker@evil.example,pro\n");
      const env = { DESTINATION: "customerio", CUSTOMERIO_BASE_URL: contract.url, CUSTOMERIO_SITE_ID: "site-cli", CUSTOMERIO_API_KEY: "cli-key" };

      const left = await runImport(file, join(dir, "data-reserved"), { env });
      expect(left.status).toBe(0);
      expect(JSON.parse(left.stdout)).toMatchObject({ status: "succeeded", total: 3, delivered: 3, rejected: 0 });
      expect(left.stderr).toContain("Left out the column recipient: Customer.io sends the emails an event triggers to the address in it. " +
        "To send it as an event attribute all the same: --keep-column recipient.");
      expect([...contract.events.values()].map((entry) => entry.attributes)).toEqual([{ plan: "pro" }, { plan: "pro" }, { plan: "pro" }]);

      contract.events.clear();
      const kept = await runImport(file, join(dir, "data-reserved-kept"), { env, args: ["--json", "--keep-column", "recipient"] });
      expect(kept.status).toBe(0);
      expect(JSON.parse(kept.stdout)).toMatchObject({ status: "succeeded", total: 3, delivered: 3, rejected: 0 });
      expect(kept.stderr).toContain("Kept the column recipient (--keep-column): the emails its events trigger go to the address in it.");
      expect([...contract.events.values()].filter((entry) => entry.attributes?.recipient === "attacker@evil.example")).toHaveLength(2);
    } finally {
      await contract.close();
    }
  }, 180_000);

  it("creates the contacts first with --contacts-first, rejecting the rows of a contact Yespo refuses, and only for Yespo", async () => {
    const contract = await startYespoContract("cli-yespo-key", { contacts: { sessionMs: 100, refuse: { "r3@example.com": "The address is in the account's blacklist" } } });
    try {
      const file = join(dir, "contacts.csv");
      writeFileSync(file, "email,event_name,time\nr2@example.com,renewal,2024-05-02\nr3@example.com,renewal,2024-05-03\nr2@example.com,renewal,2024-05-04\n");
      const env = { DESTINATION: "yespo", YESPO_BASE_URL: contract.url, YESPO_API_KEY: "cli-yespo-key", YESPO_TIME_ZONE: "Europe/Kyiv" };
      const run = await runImport(file, join(dir, "data-contacts"), { env, args: ["--json", "--contacts-first"] });
      expect(run.status).toBe(1);
      expect(JSON.parse(run.stdout)).toMatchObject({ status: "partial", total: 3, delivered: 2, rejected: 1 });
      expect(contract.contacts.counts.requests).toBe(1);
      expect(contract.pastEvents.map((event) => event.keyValue)).toEqual(["r2@example.com", "r2@example.com"]);
      expect(contract.counts.unassigned).toBe(0);

      const elsewhere = await runImport(file, join(dir, "data-contacts-builtin"), { args: ["--contacts-first", "--destination", "builtin"] });
      expect(elsewhere.status).toBe(2);
      expect(elsewhere.stdout).toContain("Yespo imports only");
    } finally {
      await contract.close();
    }
  }, 180_000);

  it("imports to Mixpanel with --destination mixpanel: an event dated before 1971 is rejected, the other delivered", async () => {
    const contract = await startMixpanelContract("cli-token");
    try {
      const file = join(dir, "mixpanel.csv");
      writeFileSync(file, "email,event_name,time\nm2@example.com,renewal,1970-06-01\nm3@example.com,renewal,2024-05-03\n");
      const run = await runImport(file, join(dir, "data-mixpanel"), {
        env: { MIXPANEL_BASE_URL: contract.url, MIXPANEL_PROJECT_TOKEN: "cli-token" },
        args: ["--json", "--destination", "mixpanel"],
      });
      expect(run.status).toBe(1);
      expect(JSON.parse(run.stdout)).toMatchObject({ status: "partial", total: 2, delivered: 1, rejected: 1 });
      expect([...contract.events.values()].map((event) => event.properties.distinct_id)).toEqual(["m3@example.com"]);
      expect(contract.violations).toEqual([]);
    } finally {
      await contract.close();
    }
  }, 180_000);

  it("makes each order of a Shopify export one event with --group-by, and says what is wrong with the flags", async () => {
    const file = fileURLToPath(new URL("../csv/fixtures/shopify-line-items.csv", import.meta.url));
    const dataDir = join(dir, "data-orders");
    const run = await runImport(file, dataDir, { args: ["--json", "--event-name", "orderCreated", "--group-by", "Name"] });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "succeeded", total: 7, delivered: 7, duplicates: 0, rejected: 0 });
    expect(run.stderr).toContain('One event per "Name", its items from "Lineitem quantity", "Lineitem name", "Lineitem price"');
    expect(await tableCounts(dataDir)).toEqual({ imports: 1, staged: 7, events: 4 });

    const wrong = await runImport(file, join(dir, "data-orders-wrong"), { args: ["--event-name", "orderCreated", "--group-by", "Name", "--item-columns", "Item "] });
    expect(wrong.status).toBe(2);
    expect(wrong.stdout).toBe('--item-columns: No column of the file begins with "Item ".\n');
  }, 180_000);
});
