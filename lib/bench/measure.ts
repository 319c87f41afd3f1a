import { fileSource } from "@/lib/cli/file-source";
import { startRangeWorker } from "@/lib/cli/two-cores";
import { readEventsFile } from "@/lib/csv/read-events-file";
import { readEventsFileInParallel } from "@/lib/csv/read-in-parallel";
import { measureForwardYespo } from "./forward-yespo";
import { countRowsWithPapaparse } from "./papaparse";
import { measureBareInsert, measureStageAndForward } from "./pipeline";

/**
 * One measurement in a process of its own, so that its peak memory and its database are its own:
 * prints `{ rows, seconds, peak_rss_mb, … }`.
 */
type Figures = { rows: number } & Record<string, number>;

/** Each takes the events file, but for forward-yespo, which generates its events and takes their number. */
const MEASUREMENTS: Record<string, (input: string) => Promise<number | Figures>> = {
  papaparse: countRowsWithPapaparse,
  "stage-forward": measureStageAndForward,
  "bare-insert": measureBareInsert,
  "forward-yespo": measureForwardYespo,
  /** The one-core reader (the browser's, and the streaming import's), for the two cores' gain. */
  async "validate-one-core"(file) {
    const source = await fileSource(file);
    try {
      const result = await readEventsFile(source, { timeZone: "UTC", nowMs: Date.now() });
      if (result.error) throw new Error(result.error.message);
      return result.counts.total;
    } finally {
      await source.close();
    }
  },
  /** As `backfill validate` reads a file it summarises: on two cores, keeping the rejected rows. */
  async validate(file) {
    const source = await fileSource(file);
    const worker = startRangeWorker(file);
    try {
      const rejected = [];
      const result = await readEventsFileInParallel(
        source,
        { timeZone: "UTC", nowMs: Date.now(), rows: "rejected", onRow: (outcome) => rejected.push(outcome) },
        worker.runRange,
      );
      if (result.error) throw new Error(result.error.message);
      return result.counts.total;
    } finally {
      await Promise.all([source.close(), worker.close()]);
    }
  },
};

async function measure(name: string, input: string): Promise<void> {
  const run = MEASUREMENTS[name];
  if (!run) throw new Error(`no measurement called ${name}`);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await run(input);
  const figures = typeof result === "number" ? { rows: result } : result;
  const seconds = (performance.now() - started) / 1000;
  // Every thread of the process: on a loaded machine CPU time says more than the wall clock.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = Math.round((cpu.user + cpu.system) / 1e4) / 100;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...figures, seconds, cpu_seconds: cpuSeconds, peak_rss_mb: Math.round(peakRssMb) })}\n`);
  process.exit(0);
}

const [name, input] = process.argv.slice(2);
measure(name, input).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
