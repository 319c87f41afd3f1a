import { spawn, type ChildProcessByStdio } from "node:child_process";
import { createInterface, type Interface } from "node:readline";
import { once } from "node:events";
import type { Readable, Writable } from "node:stream";

/**
 * The paced Yespo contract server for the benchmark, in a process of its own: no app code here, so
 * that the bench's main process (no react-server conditions) can start it as well as a measurement.
 */
export const BENCH_YESPO_KEY = "bench-yespo-key";
/** An account away from UTC, so that every event's time is converted as a real account's would be. */
export const BENCH_YESPO_TIME_ZONE = "Europe/Kyiv";
/**
 * Yespo as it answers across a network: each request after 150 ms, and 429 past the account's 100
 * requests a second (its documented limit for past events).
 */
export const BENCH_YESPO_PACE = { latencyMs: 150, requestsPerSecond: 100 };

type ServerProcess = { child: ChildProcessByStdio<Writable, Readable, null>; lines: Interface; url: string };

async function nextLine(lines: Interface): Promise<string> {
  const [line] = (await once(lines, "line")) as [string];
  return line;
}

/** The Yespo contract server in a process of its own, paced as BENCH_YESPO_PACE says. */
export async function startBenchYespo(): Promise<ServerProcess & { counts(): Promise<YespoCounts>; stop(): void }> {
  const pace = BENCH_YESPO_PACE;
  const args = ["lib/bench/yespo-server.ts", BENCH_YESPO_KEY, String(pace.latencyMs), String(pace.requestsPerSecond)];
  const child = spawn("node_modules/.bin/tsx", args, { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const { url } = JSON.parse(await nextLine(lines)) as { url: string };
  return {
    child, lines, url,
    async counts() {
      child.stdin.write("counts\n");
      return JSON.parse(await nextLine(lines)) as YespoCounts;
    },
    stop() {
      child.stdin.end();
      lines.close();
    },
  };
}

export type YespoCounts = { past: number; distinct: number; throttled: number; maxInFlight: number; violations: string[] };
