import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { numberedRows, stageTestImport, until } from "@/lib/server/testing/imports";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { stopBoss } from "./boss";
import { enqueueForward } from "./import-jobs";

/**
 * The database server restarts in the middle of an import: the worker process loses every connection,
 * keeps running, and finishes the import once PostgreSQL is back, losing and doubling nothing.
 * `npm test` runs it alone (it restarts the server every other test uses) with RESTART_POSTGRES set
 * to the command that restarts it.
 */
const restart = process.env.RESTART_POSTGRES;
const root = fileURLToPath(new URL("../../../", import.meta.url));
let database: Database;
let url: string | null;
let dispose: () => Promise<void>;
let worker: ChildProcess | null = null;

describe.skipIf(!process.env.TEST_DATABASE_URL || !restart)("a PostgreSQL restart mid-import", () => {
  beforeAll(async () => {
    ({ database, url, dispose } = await openTestDb());
  });
  afterAll(async () => {
    worker?.kill("SIGKILL");
    await stopBoss();
    await dispose();
  });

  it("loses and doubles nothing, and the worker finishes the import", async () => {
    const total = 60_000;
    const id = await stageTestImport(database.sql, numberedRows(total, (row) => ({
      row, email: row % 400 === 0 ? "broken" : `r${row}@example.com`, event_name: "visit", time: String(1_600_000_000 + row), params: {},
    })), { fileName: "restart.csv" });
    await enqueueForward(id);
    let output = "";
    worker = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/cli/worker.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url!, WORKER_CONCURRENCY: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    worker.stdout!.on("data", (chunk) => (output += chunk));
    worker.stderr!.on("data", (chunk) => (output += chunk));
    const batches = async () =>
      (await database.sql.query<{ b: number }>(`SELECT batches_done AS b FROM imports WHERE id = $1`, [id]))[0].b;
    await until(async () => (await batches()) >= 10, 60_000);

    const restarted = spawnSync("sh", ["-c", restart!], { encoding: "utf8" });
    expect(restarted.status, restarted.stderr).toBe(0);
    let afterRestart = -1;
    await until(async () => {
      afterRestart = await batches();
      return true;
    }, 30_000);
    expect(afterRestart < total / 500, "the import had already finished: nothing was tested").toBe(true);

    await until(async () => {
      const [row] = await database.sql.query<{ finished: boolean }>(`SELECT finished_at IS NOT NULL AS finished FROM imports WHERE id = $1`, [id]);
      return row.finished;
    }, 120_000).catch(async (error: Error) => {
      const jobs = await database.sql.query(`SELECT name, state, retry_count, start_after, started_on FROM pgboss.job ORDER BY created_on`);
      const [state] = await database.sql.query(`SELECT status, batches_done, forwarded_through, error FROM imports WHERE id = $1`, [id]);
      throw new Error(`${error.message}; jobs: ${JSON.stringify(jobs)}; import: ${JSON.stringify(state)}; the worker said:\n${output.slice(-3000)}`);
    });
    expect(worker.exitCode, output).toBeNull();

    const [counts] = await database.sql.query<{ total: number; delivered: number; duplicates: number; rejected: number }>(
      `SELECT total, delivered, duplicates, rejected FROM imports WHERE id = $1`, [id]);
    expect(counts.total).toBe(total);
    expect(counts.delivered + counts.duplicates + counts.rejected).toBe(total);
    expect(counts.rejected).toBe(total / 400);
    const [stored] = await database.sql.query<{ n: number; keys: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT dedup_key)::int AS keys FROM events WHERE import_id = $1`, [id]);
    expect(stored.n).toBe(total - counts.rejected);
    expect(stored.keys).toBe(stored.n);
    expect(counts.delivered + counts.duplicates).toBe(stored.n);
  }, 240_000);
});
