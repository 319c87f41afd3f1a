import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { stageQueuedImport, until } from "@/lib/server/testing/imports";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { enqueueForward } from "./import-jobs";
import { stopBoss } from "./boss";

/**
 * Scaling out, for real: `npm run worker` processes on one PostgreSQL. One is killed mid-import; two
 * others finish it. Needs a PostgreSQL server (npm test provides one); PGlite is one process's database.
 */
const root = fileURLToPath(new URL("../../../", import.meta.url));
let database: Database;
let url: string | null;
let dispose: () => Promise<void>;
const workers: ChildProcess[] = [];

function startWorker(): ChildProcess {
  // Node itself with tsx as a loader, not the tsx command, whose child would outlive a SIGKILL.
  const worker = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/cli/worker.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url!, WORKER_CONCURRENCY: "1" },
    stdio: "ignore",
  });
  workers.push(worker);
  return worker;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("workers on PostgreSQL", () => {
  beforeAll(async () => {
    ({ database, url, dispose } = await openTestDb());
  });
  afterAll(async () => {
    for (const worker of workers) worker.kill("SIGKILL");
    await stopBoss();
    await dispose();
  });

  it("finish an import whose worker was killed, losing and doubling nothing", async () => {
    const total = 60_000;
    // Every 100th row repeats the one before it; every 250th is invalid.
    const id = await stageQueuedImport(database.sql, "crash.csv", total, (row) => {
      const n = row % 100 === 0 ? row - 1 : row;
      return { row, email: row % 250 === 0 ? "broken" : `u${n}@example.com`, event_name: "visit", time: String(1_600_000_000 + n), params: {} };
    });
    await enqueueForward(id);
    const doomed = startWorker();
    const batches = async () =>
      (await database.sql.query<{ b: number }>(`SELECT batches_done AS b FROM imports WHERE id = $1`, [id]))[0].b;
    await until(async () => (await batches()) >= 10, 60_000);
    doomed.kill("SIGKILL");
    const killedAt = await batches();
    expect(killedAt).toBeLessThan(total / 500);
    startWorker();
    startWorker();
    await until(async () => {
      const [row] = await database.sql.query<{ finished: boolean }>(`SELECT finished_at IS NOT NULL AS finished FROM imports WHERE id = $1`, [id]);
      return row.finished;
    }, 90_000);

    const [counts] = await database.sql.query<{ total: number; delivered: number; duplicates: number; rejected: number; status: string }>(
      `SELECT total, delivered, duplicates, rejected, status FROM imports WHERE id = $1`, [id]);
    expect(counts.total).toBe(total);
    expect(counts.delivered + counts.duplicates + counts.rejected).toBe(total);
    expect(counts.rejected).toBe(total / 250);
    const [stored] = await database.sql.query<{ n: number; keys: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT dedup_key)::int AS keys FROM events WHERE import_id = $1`, [id]);
    expect(stored.n).toBe(counts.delivered);
    expect(stored.keys).toBe(stored.n);
    const [pending] = await database.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM staged_rows WHERE import_id = $1 AND state = 'pending'`, [id]);
    expect(pending.n).toBe(0);
  }, 180_000);
});
