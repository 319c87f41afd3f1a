import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { forgetEnv } from "@/lib/env";
import { closeDb, getDb } from "@/lib/server/db/client";
import { stopBoss } from "@/lib/server/jobs/boss";
import { startImportWorkers } from "@/lib/server/jobs/import-jobs";

/**
 * The embedded default: `backfill import` is killed while it delivers, and the app started again on
 * the same data folder finishes the import, with nothing lost and nothing stored twice.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "backfill-restart-"));
afterAll(async () => {
  await stopBoss();
  await closeDb();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("an import killed mid-delivery on PGlite", () => {
  it("finishes after a restart, every row settled once", async () => {
    const rows = 150_000;
    const lines = ["email,event_name,time"];
    for (let i = 0; i < rows; i++) lines.push(`${i % 1000 === 0 ? "broken" : `u${i}@example.com`},visit,${1_600_000_000 + i}`);
    const file = join(dir, "big.csv");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const dataDir = join(dir, "data");

    const cli = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", "import", file, "--json"], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => cli.on("exit", (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      cli.stderr.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("delivering")) resolve();
      });
      cli.on("exit", () => reject(new Error("the import ended before delivering")));
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    cli.kill("SIGKILL");
    expect(await exited).toBeNull();

    process.env.DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    forgetEnv();
    const { sql } = await getDb();
    const [before] = await sql.query<{ status: string; settled: number }>(
      `SELECT status, delivered + duplicates AS settled FROM imports`,
    );
    expect(before.status).toBe("running");
    expect(before.settled).toBeLessThan(rows);

    await startImportWorkers();
    const deadline = Date.now() + 90_000;
    for (;;) {
      const [row] = await sql.query<{ finished: boolean }>(`SELECT report_sent_at IS NOT NULL AS finished FROM imports`);
      if (row.finished) break;
      if (Date.now() > deadline) throw new Error("the import did not finish after the restart");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const [after] = await sql.query<{ status: string; total: number; delivered: number; duplicates: number; rejected: number }>(
      `SELECT status, total, delivered, duplicates, rejected FROM imports`,
    );
    expect(after).toEqual({ status: "partial", total: rows, delivered: rows - rows / 1000, duplicates: 0, rejected: rows / 1000 });
    const [stored] = await sql.query<{ n: number; keys: number }>(`SELECT count(*)::int AS n, count(DISTINCT dedup_key)::int AS keys FROM events`);
    expect(stored).toEqual({ n: rows - rows / 1000, keys: rows - rows / 1000 });
  }, 150_000);
});
