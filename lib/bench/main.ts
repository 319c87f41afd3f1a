import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { prepareDatabase, runCliImport, startWorkers, type CliImport } from "./cli-import";
import { BENCH_YESPO_KEY, BENCH_YESPO_TIME_ZONE, startBenchYespo } from "./bench-yespo";
import { EXPORT_REJECTED_EVERY, usTime, writeEventsFile, writeExportFile } from "./generate";

/**
 * `npm run bench [-- --json] [--rows N]`: generates its own file and prints the figures the issues ask
 * for. Each measurement runs in a fresh process; the best of `--runs` is kept, as a slow run says more
 * about the machine than about the code.
 */
type Measured = { rows: number; seconds: number; peak_rss_mb: number } & Record<string, number>;

function measure(name: string, input: string, runs: number): Measured {
  let best: Measured | null = null;
  for (let i = 0; i < runs; i++) {
    // Each run on a fresh embedded database of its own.
    const dataDir = mkdtempSync(join(tmpdir(), "backfill-bench-db-"));
    const run = spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", "lib/bench/measure.ts", name, input], {
      encoding: "utf8",
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
    });
    rmSync(dataDir, { recursive: true, force: true });
    if (run.status !== 0) throw new Error(`${name} failed:\n${run.stderr}`);
    const measured = JSON.parse(run.stdout) as Measured;
    if (!best || measured.seconds < best.seconds) best = measured;
  }
  return best!;
}

/** `backfill import` of the whole file, start to report, as a user runs it, on a fresh embedded database. */
async function timeImport(file: string, destination: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "backfill-bench-db-"));
  const env = { DATA_DIR: dataDir, DATABASE_URL: "", ...destination };
  try {
    prepareDatabase(env);
    return await runCliImport(file, env);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * `backfill import` of the whole file to the Yespo contract server answering as Yespo across a
 * network does (150 ms a request, 429 past 100 requests a second), run by `importTo` with the
 * destination's settings (on a fresh embedded database, or on PostgreSQL with workers); checks that
 * every event arrived once.
 */
async function timeImportToYespo(rows: number, importTo: (destination: Record<string, string>) => Promise<CliImport>) {
  const server = await startBenchYespo();
  try {
    const imported = await importTo({
      DESTINATION: "yespo", YESPO_BASE_URL: server.url, YESPO_API_KEY: BENCH_YESPO_KEY, YESPO_TIME_ZONE: BENCH_YESPO_TIME_ZONE,
    });
    const counts = await server.counts();
    if (counts.past !== rows || counts.distinct !== rows) throw new Error(`Yespo took ${counts.past} events (${counts.distinct} distinct) of ${rows}`);
    return { ...imported, throttled: counts.throttled };
  } finally {
    server.stop();
  }
}

/**
 * The same on PostgreSQL (BENCH_DATABASE_URL, a fresh database), delivered by `workers` worker
 * processes (a large import in ranges, by all of them at once), into the built-in store or `destination`.
 */
async function timeImportOnPostgres(file: string, url: string, workers: number, destination: Record<string, string> = {}) {
  const env = { DATABASE_URL: url, JOBS_IN_PROCESS: "false", ...destination };
  prepareDatabase(env);
  const stopWorkers = await startWorkers(workers, env);
  try {
    return await runCliImport(file, env);
  } finally {
    await stopWorkers();
  }
}

/** papaparse alone, and reading as `backfill validate` does on two cores and on one, on ISO and on US times. */
async function measureReading(file: string, rows: number, runs: number, dir: string) {
  const papaparse = measure("papaparse", file, runs);
  const validate = measure("validate", file, runs);
  const validateOneCore = measure("validate-one-core", file, runs);
  const usFile = join(dir, "events-us.csv");
  await writeEventsFile(usFile, rows, usTime);
  const validateUs = measure("validate", usFile, runs);
  rmSync(usFile);
  return {
    papaparse_rows_per_s: Math.round(papaparse.rows / papaparse.seconds),
    validate_rows_per_s: Math.round(validate.rows / validate.seconds),
    validate_vs_papaparse: Math.round((papaparse.seconds / validate.seconds) * 100) / 100,
    validate_peak_rss_mb: validate.peak_rss_mb,
    // Wall clock and CPU (every thread) of the same runs: the machine may be busy with other work.
    papaparse_s: Math.round(papaparse.seconds * 100) / 100,
    papaparse_cpu_s: papaparse.cpu_seconds,
    validate_s: Math.round(validate.seconds * 100) / 100,
    validate_cpu_s: validate.cpu_seconds,
    validate_one_core_s: Math.round(validateOneCore.seconds * 100) / 100,
    validate_one_core_cpu_s: validateOneCore.cpu_seconds,
    two_cores_vs_one: Math.round((validateOneCore.seconds / validate.seconds) * 100) / 100,
    validate_rows_per_s_us_dates: Math.round(validateUs.rows / validateUs.seconds),
    us_dates_vs_iso: Math.round((validate.seconds / validateUs.seconds) * 100) / 100,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: "boolean", default: false },
      rows: { type: "string", default: "1000000" },
      runs: { type: "string", default: "3" },
      // Some of the figures: any of read (papaparse and validate), stage, import (the embedded
      // database), postgres and postgres-yespo (with BENCH_DATABASE_URL), yespo; all by default.
      only: { type: "string" },
    },
  });
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const groups = values.only ? new Set(values.only.split(",").map((name) => name.trim())) : null;
  const want = (group: string) => groups === null || groups.has(group);
  const dir = mkdtempSync(join(tmpdir(), "backfill-bench-"));
  try {
    const file = join(dir, "events.csv");
    const bytes = await writeEventsFile(file, rows);
    const read = want("read") ? await measureReading(file, rows, runs, dir) : null;
    // These two hold every row in memory, on purpose (they time the database alone): a million at most.
    const inMemory = rows <= 1_000_000 && want("stage");
    const staged = inMemory ? measure("stage-forward", file, 1) : null;
    const bare = inMemory ? measure("bare-insert", file, 1) : null;
    // The memory of an import depends on its parameters and on its report: measured on a file with an
    // export's columns and some rejected rows.
    let imported: Awaited<ReturnType<typeof timeImport>> | null = null;
    let exportBytes = 0;
    if (want("import")) {
      const exportFile = join(dir, "events-export.csv");
      exportBytes = await writeExportFile(exportFile, rows);
      imported = await timeImport(exportFile);
      rmSync(exportFile);
      const rejected = Math.floor(rows / EXPORT_REJECTED_EVERY);
      if (imported.rejected !== rejected || imported.delivered !== rows - rejected) {
        throw new Error(`backfill import delivered ${imported.delivered} and rejected ${imported.rejected} of ${rows} rows (${rejected} are wrong)`);
      }
    }
    const postgresUrl = process.env.BENCH_DATABASE_URL;
    const onPostgres = postgresUrl && want("postgres") ? await timeImportOnPostgres(file, postgresUrl, 2) : null;
    // The same file to Yespo: the built-in store's events are no ledger of Yespo's.
    const yespoOnPostgres = postgresUrl && want("postgres-yespo")
      ? await timeImportToYespo(rows, (destination) => timeImportOnPostgres(file, postgresUrl, 4, destination))
      : null;
    const yespo = want("yespo") ? measure("forward-yespo", file, 1) : null;
    const toYespo = want("yespo") ? await timeImportToYespo(rows, (destination) => timeImport(file, destination)) : null;
    const size = rows % 1_000_000 === 0 ? `${rows / 1_000_000}m` : String(rows);
    const figures = {
      rows,
      file_mb: Math.round(bytes / 1e5) / 10,
      ...read,
      ...(staged && bare && {
        stage_rows_per_s: Math.round(staged.rows / staged.stage_seconds),
        bare_insert_rows_per_s: Math.round(bare.rows / bare.insert_seconds),
        stage_vs_bare_insert: Math.round((bare.insert_seconds / staged.stage_seconds) * 100) / 100,
        forward_events_per_s: Math.round(staged.delivered / staged.forward_seconds),
      }),
      ...(imported && {
        [`import_${size}_end_to_end_s`]: Math.round(imported.seconds * 10) / 10,
        export_file_mb: Math.round(exportBytes / 1e5) / 10,
        cli_import_peak_rss_mb: imported.peakRssMb,
        // The same by phase: the look through the file, opening the database, staging, delivering with the report.
        ...Object.fromEntries(Object.entries(imported.peakRssMbByPhase).map(([phase, mb]) => [`cli_import_rss_mb_${phase}`, mb])),
        cli_import_cpu_s: Math.round(imported.cpuSeconds * 10) / 10,
      }),
      ...(onPostgres && { [`import_${size}_end_to_end_s_postgres`]: Math.round(onPostgres.seconds * 10) / 10 }),
      // To the paced Yespo contract server from PostgreSQL, four worker processes.
      ...(yespoOnPostgres && {
        [`import_${size}_postgres_4_workers_s`]: Math.round(yespoOnPostgres.seconds * 10) / 10,
        [`import_${size}_postgres_4_workers_429s`]: yespoOnPostgres.throttled,
      }),
      // Against the contract server answering after 150 ms and 429 past 100 requests a second.
      ...(yespo && toYespo && {
        forward_yespo_events_per_s_150ms: Math.round(yespo.delivered / yespo.forward_seconds),
        forward_yespo_cpu_s: Math.round(yespo.forward_cpu_seconds * 10) / 10,
        forward_yespo_429s: yespo.throttled,
        forward_yespo_max_in_flight: yespo.max_in_flight,
        [`import_${size}_yespo_150ms_end_to_end_s`]: Math.round(toYespo.seconds * 10) / 10,
        [`import_${size}_yespo_150ms_cpu_s`]: Math.round(toYespo.cpuSeconds * 10) / 10,
      }),
    };
    if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
    else for (const [name, value] of Object.entries(figures)) process.stdout.write(`${name.padEnd(28)} ${value}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
