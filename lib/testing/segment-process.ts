import { parseArgs } from "node:util";
import { PACE_ARGS, paceFromArgs } from "./platform-pace";
import { startSegmentContract } from "./segment-contract";

/**
 * The Segment contract server as a process of its own, for browser tests: the app sends to it on a
 * port fixed before the app starts, and tests read what arrived at GET /received (JSON).
 */
const { values } = parseArgs({ options: { port: { type: "string" }, key: { type: "string" }, ...PACE_ARGS } });
if (!values.port || !values.key) {
  console.error("Usage: tsx lib/testing/segment-process.ts --port PORT --key WRITE_KEY [--latency-ms MS] [--rps N]");
  process.exit(2);
}
startSegmentContract(values.key, { port: Number(values.port), pace: paceFromArgs(values) }).then((contract) => {
  console.log(`Segment contract server at ${contract.url}`);
});
