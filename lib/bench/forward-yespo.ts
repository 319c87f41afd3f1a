import { spawn, type ChildProcessByStdio } from "node:child_process";
import { createInterface, type Interface } from "node:readline";
import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import { env } from "@/lib/env";
import { EVENTS_PER_BATCH } from "@/lib/contract/staged-rows";
import type { OutboundEvent } from "@/lib/server/destinations/types";
import { yespoDestination } from "@/lib/server/destinations/yespo";
import { generatedEvent } from "./generate";

const API_KEY = "bench-yespo-key";
/** An account away from UTC, so that every event's time is converted as a real account's would be. */
const ACCOUNT_TIME_ZONE = "Europe/Kyiv";

type ServerProcess = { child: ChildProcessByStdio<Writable, Readable, null>; lines: Interface; url: string };

async function nextLine(lines: Interface): Promise<string> {
  const [line] = (await once(lines, "line")) as [string];
  return line;
}

async function startServer(): Promise<ServerProcess> {
  const child = spawn("node_modules/.bin/tsx", ["lib/bench/yespo-server.ts", API_KEY], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const { url } = JSON.parse(await nextLine(lines)) as { url: string };
  return { child, lines, url };
}

function batchAt(start: number, rows: number): OutboundEvent[] {
  const batch: OutboundEvent[] = [];
  for (let i = start; i < Math.min(rows, start + EVENTS_PER_BATCH); i++) {
    batch.push({ rowNumber: i + 2, dedupKey: i.toString(16).padStart(32, "0"), ...generatedEvent(i) });
  }
  return batch;
}

/**
 * `rows` generated events through the Yespo destination's send(), batches of 500, WORKER_CONCURRENCY
 * requests at once, to the contract server in its own process; checks that it accepted every one.
 */
export async function measureForwardYespo(input: string) {
  const rows = Number(input);
  const server = await startServer();
  try {
    const destination = yespoDestination({
      baseUrl: server.url, apiKey: API_KEY, timeZone: ACCOUNT_TIME_ZONE,
      triggerWindowHours: env().TRIGGER_WINDOW_HOURS, allowDelete: false,
    });
    const context = { importId: "bench", triggerCampaigns: false };
    let next = 0;
    let delivered = 0;
    const started = performance.now();
    const worker = async () => {
      for (let start = next; start < rows; start = next) {
        next += EVENTS_PER_BATCH;
        const result = await destination.send(batchAt(start, rows), context);
        if (result.kind !== "done") throw new Error(`the contract server did not take a batch: ${result.reason}`);
        delivered += result.outcomes.filter((outcome) => outcome.state === "delivered").length;
      }
    };
    await Promise.all(Array.from({ length: env().WORKER_CONCURRENCY }, worker));
    const forwardSeconds = (performance.now() - started) / 1000;
    server.child.stdin.write("counts\n");
    const counts = JSON.parse(await nextLine(server.lines)) as { past: number; violations: string[] };
    if (counts.past !== rows || delivered !== rows) {
      throw new Error(`sent ${rows}, delivered ${delivered}, the server accepted ${counts.past}: ${counts.violations.join("; ")}`);
    }
    return { rows, delivered, forward_seconds: forwardSeconds, concurrency: env().WORKER_CONCURRENCY };
  } finally {
    server.child.stdin.end();
    server.lines.close();
  }
}
