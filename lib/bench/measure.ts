import { fileSource } from "@/lib/cli/file-source";
import { readEventsFile } from "@/lib/csv/read-events-file";
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
  async validate(file) {
    const source = await fileSource(file);
    try {
      const result = await readEventsFile(source, { timeZone: "UTC", nowMs: Date.now() });
      if (result.error) throw new Error(result.error.message);
      return result.counts.total;
    } finally {
      await source.close();
    }
  },
};

async function measure(name: string, input: string): Promise<void> {
  const run = MEASUREMENTS[name];
  if (!run) throw new Error(`no measurement called ${name}`);
  const started = performance.now();
  const result = await run(input);
  const figures = typeof result === "number" ? { rows: result } : result;
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...figures, seconds, peak_rss_mb: Math.round(peakRssMb) })}\n`);
  process.exit(0);
}

const [name, input] = process.argv.slice(2);
measure(name, input).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
