import { createInterface } from "node:readline";
import { startYespoContract, yespoEventKey } from "@/lib/testing/yespo-contract";

/**
 * The Yespo contract server in a process of its own, for the benchmark: its checks then take the
 * other core rather than the sender's. Arguments: the API key, then the latency of each answer in ms
 * and the requests a second it takes before answering 429. Prints its URL; answers each `counts`
 * line on stdin with what it accepted; stops when stdin closes.
 */
async function main(): Promise<void> {
  const [apiKey, latency, limit] = process.argv.slice(2);
  const pace = { latencyMs: Number(latency ?? 0), ...(limit ? { requestsPerSecond: Number(limit) } : {}) };
  const seen = new Set<string>();
  const contract = await startYespoContract(apiKey, { keep: false, pace, onPastEvent: (event) => seen.add(yespoEventKey(event)) });
  process.stdout.write(`${JSON.stringify({ url: contract.url })}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    if (line.trim() === "counts") {
      const { throttled, maxInFlight } = contract.pace;
      process.stdout.write(`${JSON.stringify({ ...contract.counts, distinct: seen.size, throttled, maxInFlight, violations: contract.violations.slice(0, 5) })}\n`);
    }
  });
  lines.on("close", () => void contract.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
