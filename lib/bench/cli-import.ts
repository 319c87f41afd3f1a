import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * `backfill import` in a process of its own, as a user runs it: its wall time, its peak memory
 * (VmHWM, the kernel's high-water mark of the process's resident memory, read until it exits) and
 * its CPU time (user + system), which a machine busy with other work changes far less than the wall time.
 */
export type CliImport = {
  seconds: number;
  peakRssMb: number;
  cpuSeconds: number;
  delivered: number;
  rejected: number;
  /** The most resident memory (VmRSS) in each phase, told apart by the lines the command prints as each begins. */
  peakRssMbByPhase: Record<CliPhase, number>;
};

/**
 * The phases of `backfill import`: the look through the file (the process's start with it), opening
 * the database, reading and staging, then delivery with the report.
 */
export type CliPhase = "scan" | "open" | "stage" | "deliver";

/** The phase a line of the command's progress begins, if any. */
function phaseBegun(line: string): CliPhase | null {
  if (line.startsWith("Looked through")) return "open";
  if (line.startsWith("Import ") || line.startsWith("Reading and staging")) return "stage";
  if (line.startsWith("Read ")) return "deliver";
  return null;
}

/**
 * As `npm run backfill` runs it: V8's baseline compiler only for the embedded database's WebAssembly
 * (see package.json and docs/benchmarks.md: the optimising compile of one function alone takes ~600 MB),
 * and a JavaScript heap let grow 50% past what the last full collection kept, instead of up to 4×:
 * reading and staging turn over about 100 MB of short-lived rows a second, and the heap grew to 300 MB.
 */
const CLI_ARGS = ["--liftoff-only", "--heap-growing-percent=50", "--conditions=react-server", "--import", "tsx"];
const NODE_ARGS = ["--conditions=react-server", "--import", "tsx"];

function cli(script: string, args: string[], env: Record<string, string>, nodeArgs = NODE_ARGS): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, script, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function peakRssMb(pid: number, field = "VmHWM"): number | null {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds the process has used so far (utime and stime of /proc/PID/stat). */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * Creates and migrates the database first, in a process of its own, as the first `npm start` does:
 * creating an embedded database peaks at about 1.2 GB once, whatever the file, and is not the import.
 */
export function prepareDatabase(env: Record<string, string>): void {
  const run = spawnSync(process.execPath, [...NODE_ARGS, "lib/cli/main.ts", "user", "list"], { env: { ...process.env, ...env }, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`creating the database failed:\n${run.stderr}`);
}

export async function runCliImport(file: string, env: Record<string, string>): Promise<CliImport> {
  const started = performance.now();
  const child = cli("lib/cli/main.ts", ["import", file, "--json"], env, CLI_ARGS);
  let output = "";
  let result = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    result += chunk.toString();
    output += chunk.toString();
  });
  let phase: CliPhase = "scan";
  const byPhase: Record<CliPhase, number> = { scan: 0, open: 0, stage: 0, deliver: 0 };
  child.stderr!.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    output = `${output}${text}`.slice(-4_000);
    for (const line of text.split(/[\r\n]+/)) {
      const begun = phaseBegun(line);
      if (begun && begun !== phase) {
        // The moment before the phase changes belongs to the one that ends.
        byPhase[phase] = Math.max(byPhase[phase], peakRssMb(child.pid!, "VmRSS") ?? 0);
        phase = begun;
      }
    }
  });
  let peak = 0;
  let cpu = 0;
  const sample = setInterval(() => {
    peak = Math.max(peak, peakRssMb(child.pid!) ?? 0);
    byPhase[phase] = Math.max(byPhase[phase], peakRssMb(child.pid!, "VmRSS") ?? 0);
    cpu = cpuSeconds(child.pid!) ?? cpu;
  }, 100);
  const status = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(sample);
  const seconds = (performance.now() - started) / 1000;
  // 1: the import ran, and some rows were rejected (the export file has some on purpose).
  if (status !== 0 && status !== 1) throw new Error(`backfill import failed (${status}):\n${output}`);
  const summary = JSON.parse(result) as { delivered: number; rejected: number };
  return { seconds, peakRssMb: peak, cpuSeconds: cpu, delivered: summary.delivered, rejected: summary.rejected, peakRssMbByPhase: byPhase };
}

/** Worker processes (`npm run worker`) on the given database, ready once each says so. */
export async function startWorkers(count: number, env: Record<string, string>): Promise<() => Promise<void>> {
  const workers = Array.from({ length: count }, () => cli("lib/cli/worker.ts", [], env));
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          worker.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("working import jobs") && resolve());
          worker.on("exit", (status) => reject(new Error(`a worker ended (${status}) before it started`)));
        }),
    ),
  );
  return async () => {
    await Promise.all(workers.map((worker) => new Promise((resolve) => {
      worker.removeAllListeners("exit");
      worker.on("exit", resolve);
      worker.kill("SIGTERM");
    })));
  };
}
