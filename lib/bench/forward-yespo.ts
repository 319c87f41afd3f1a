import { env } from "@/lib/env";
import { getDb } from "@/lib/server/db/client";
import { destinationFor } from "@/lib/server/destinations/configured";
import { markQueued } from "@/lib/server/imports/lifecycle";
import { runImport } from "@/lib/server/imports/run-import";
import { BENCH_YESPO_KEY, BENCH_YESPO_TIME_ZONE, startBenchYespo } from "./bench-yespo";
import { stageFileRows } from "./pipeline";

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
