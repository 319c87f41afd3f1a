import { createInterface } from "node:readline";
import { startYespoContract } from "@/lib/testing/yespo-contract";

/**
 * The Yespo contract server in a process of its own, for the benchmark: its checks then take the
 * other core rather than the sender's. Prints its URL; answers each `counts` line on stdin with what
 * it accepted; stops when stdin closes.
 */
async function main(): Promise<void> {
  const [apiKey] = process.argv.slice(2);
  const contract = await startYespoContract(apiKey, { keep: false });
  process.stdout.write(`${JSON.stringify({ url: contract.url })}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    if (line.trim() === "counts") {
      process.stdout.write(`${JSON.stringify({ ...contract.counts, violations: contract.violations.slice(0, 5) })}\n`);
    }
  });
  lines.on("close", () => void contract.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
