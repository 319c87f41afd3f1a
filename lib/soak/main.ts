import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { startSmtpCatcher } from "@/lib/testing/smtp-catcher";
import { forgetEnv } from "@/lib/env";
import { closeDb, getDb } from "@/lib/server/db/client";
import { startSoakDestination } from "./destination";
import { startNode, stop, waitFor, type Running } from "./processes";
import { runTrial, type ImportState, type TrialResult, type TrialSetup } from "./trial";

/**
 * `npm run soak`: imports to the webhook contract server, each with a process SIGKILLed at a random
 * moment (reading, staging, between batches, mid-request, around the report), on PGlite (the
 * importing process) and on PostgreSQL (one or both of two workers), while the destination answers
 * some requests 429 or 5xx, slowly, or not at all. Bounded in trials and in time; loopback only.
 */
const { values } = parseArgs({ options: { trials: { type: "string" }, short: { type: "boolean", default: false } } });
const short = values.short;
const trialsPerMode = Number(values.trials ?? (short ? 2 : 12));
const deadline = Date.now() + (short ? 6 : 45) * 60_000;
const postgresUrl = process.env.SOAK_DATABASE_URL;
const SECRET = "soak-webhook-secret-0123456789";

const STATE_SQL = `
  SELECT i.id, i.status, i.total, i.delivered, i.duplicates, i.rejected, i.batches_done AS batches,
         i.finished_at IS NOT NULL AS finished, i.report_sent_at IS NOT NULL AS reported,
         (SELECT count(*)::int FROM staged_rows s WHERE s.import_id = i.id AND s.state = 'pending') AS pending
  FROM imports i WHERE i.file_name = $1 ORDER BY i.created_at`;

async function soakMode(mode: "pglite" | "postgres", results: (TrialResult & { mode: string })[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `backfill-soak-${mode}-`));
  const destination = await startSoakDestination(SECRET);
  const smtp = await startSmtpCatcher();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DESTINATION: "webhook", WEBHOOK_URL: destination.url, WEBHOOK_SECRET: SECRET, SMTP_URL: smtp.url,
    DATA_DIR: join(dir, "data"), DATABASE_URL: mode === "postgres" ? postgresUrl : "",
    JOBS_IN_PROCESS: mode === "postgres" ? "false" : "true", WORKER_CONCURRENCY: "1", NEXT_TELEMETRY_DISABLED: "1",
    // On PostgreSQL a trial's import is delivered in ranges of 1,000 rows by both workers (decision 018).
    IMPORT_RANGE_ROWS: "1000",
  };
  const client = mode === "postgres" ? new pg.Client({ connectionString: postgresUrl }) : null;
  const importState = async (fileName: string): Promise<ImportState[]> => {
    if (client) return (await client.query<ImportState>(STATE_SQL, [fileName])).rows;
    // The embedded database is read only once its processes have stopped.
    process.env.DATA_DIR = env.DATA_DIR;
    delete process.env.DATABASE_URL;
    forgetEnv();
    try {
      return await (await getDb()).sql.query<ImportState>(STATE_SQL, [fileName]);
    } finally {
      await closeDb();
    }
  };
  const startWorker = () => startNode(["lib/cli/worker.ts"], env);
  const workers: Running[] = [];
  try {
    if (client) {
      await client.connect();
      workers.push(startWorker(), startWorker());
      await waitFor(() => workers.every((worker) => worker.output().includes("working import jobs")), 120_000);
    }
    for (let n = 0; n < trialsPerMode && Date.now() < deadline; n++) {
      const setup: TrialSetup = {
        mode, env, dir, destination, mails: () => smtp.messages, importState, workers, startWorker,
        rows: short ? 3000 : 6000, longHang: !short && n === 1,
      };
      const tag = `${mode.slice(0, 2)}${n}r${Math.random().toString(36).slice(2, 7)}`;
      const started = Date.now();
      const result = await runTrial(setup, tag);
      results.push({ mode, ...result });
      const recovery = result.recoveryMs === null ? "" : `, going again ${(result.recoveryMs / 1000).toFixed(1)} s after the kill`;
      console.log(`${mode} trial ${n + 1}: killed ${result.killPoint}${recovery}; ${result.counts} (${((Date.now() - started) / 1000).toFixed(0)} s)` +
        (result.problems.length ? `\n  PROBLEMS: ${result.problems.join("; ")}` : ""));
    }
  } finally {
    await Promise.all(workers.map(stop));
    await client?.end();
    await destination.close();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const results: (TrialResult & { mode: string })[] = [];
  await soakMode("pglite", results);
  if (postgresUrl) await soakMode("postgres", results);
  else console.log("PostgreSQL: skipped (SOAK_DATABASE_URL is not set; npm run soak sets it from e2e/postgres.sh).");
  const points = new Map<string, number>();
  for (const result of results) points.set(result.killPoint, (points.get(result.killPoint) ?? 0) + 1);
  const recoveries = results.map((result) => result.recoveryMs).filter((ms): ms is number => ms !== null);
  const failed = results.filter((result) => result.problems.length > 0);
  console.log(`\nSoak: ${results.length} trials (${results.filter((r) => r.mode === "pglite").length} PGlite, ${results.filter((r) => r.mode === "postgres").length} PostgreSQL with two workers), one SIGKILL each.`);
  console.log(`Kill points reached: ${[...points].map(([point, count]) => `${point} ${count}`).join(", ")}.`);
  if (recoveries.length) console.log(`Sending went on after a kill within ${(Math.max(...recoveries) / 1000).toFixed(1)} s at most (median ${(recoveries.sort((a, b) => a - b)[recoveries.length >> 1] / 1000).toFixed(1)} s).`);
  console.log(failed.length === 0 ? "Nothing lost, nothing received twice, one report each." : `${failed.length} trials had problems (above).`);
  return failed.length === 0 && results.length > 0 ? 0 : 1;
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(`soak: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(2);
  },
);
