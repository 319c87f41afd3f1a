import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { prepareDatabase, runCliImport } from "./cli-import";
import { writeExportFile } from "./generate";

/**
 * `tsx lib/bench/cli-memory.ts [--rows N | --file FILE]`: `backfill import` alone, as `npm run bench`
 * measures it (cli_import_peak_rss_mb), on the bench's export file of N rows (a million unless told)
 * or on a file of one's own, with the most resident memory of each phase: the look through the file,
 * opening the database, reading and staging, delivering with the report. On a fresh embedded database.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" }, file: { type: "string" } } });
  const dir = mkdtempSync(join(tmpdir(), "backfill-cli-memory-"));
  try {
    const file = values.file ?? join(dir, "events-export.csv");
    if (!values.file) await writeExportFile(file, Number(values.rows));
    const env = { DATA_DIR: join(dir, "data"), DATABASE_URL: "" };
    prepareDatabase(env);
    const run = await runCliImport(file, env);
    const phases = Object.fromEntries(Object.entries(run.peakRssMbByPhase).map(([phase, mb]) => [`rss_mb_${phase}`, mb]));
    process.stdout.write(`${JSON.stringify({
      cli_import_peak_rss_mb: run.peakRssMb, ...phases, seconds: Math.round(run.seconds * 10) / 10,
      cpu_s: Math.round(run.cpuSeconds * 10) / 10, delivered: run.delivered, rejected: run.rejected,
    })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
