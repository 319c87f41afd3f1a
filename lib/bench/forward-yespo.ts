import { spawn, type ChildProcessByStdio } from "node:child_process";
import { createInterface, type Interface } from "node:readline";
import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import { env } from "@/lib/env";
import { getDb } from "@/lib/server/db/client";
import { destinationFor } from "@/lib/server/destinations/configured";
import { markQueued } from "@/lib/server/imports/lifecycle";
import { runImport } from "@/lib/server/imports/run-import";
import { stageFileRows } from "./pipeline";

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

/**
 * The file's rows staged into a fresh embedded database, then forwarded by the import job's own code
 * (runImport: claims, the shared request budget, requests in flight) to the paced Yespo contract
 * server; times the forwarding alone and checks that every event arrived once.
 */
export async function measureForwardYespo(file: string) {
  const server = await startBenchYespo();
  try {
    process.env.YESPO_BASE_URL = server.url;
    process.env.YESPO_API_KEY = BENCH_YESPO_KEY;
    process.env.YESPO_TIME_ZONE = BENCH_YESPO_TIME_ZONE;
    const { sql } = await getDb();
    const { importId, rows } = await stageFileRows(file, "yespo");
    await markQueued(sql, importId);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const outcome = await runImport(sql, importId, destinationFor("yespo", sql));
    const forwardSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    if (!outcome.finished) throw new Error(`the import did not finish: ${outcome.reason}`);
    const counts = await server.counts();
    const delivered = outcome.counts.delivered;
    if (counts.past !== delivered || counts.distinct !== delivered) {
      throw new Error(`delivered ${delivered}, the server took ${counts.past} (${counts.distinct} distinct): ${counts.violations.join("; ")}`);
    }
    return {
      rows, delivered, forward_seconds: forwardSeconds, forward_cpu_seconds: (cpu.user + cpu.system) / 1e6,
      concurrency: env().DELIVERY_CONCURRENCY,
      throttled: counts.throttled, max_in_flight: counts.maxInFlight,
    };
  } finally {
    server.stop();
  }
}
