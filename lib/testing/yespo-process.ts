import { parseArgs } from "node:util";
import { PACE_ARGS, paceFromArgs } from "./platform-pace";
import { startYespoContract } from "./yespo-contract";

/**
 * The Yespo contract server as a process of its own, for browser tests: the app sends to it on a
 * port fixed before the app starts, and tests read what arrived at GET /received (JSON).
 */
const { values } = parseArgs({ options: { port: { type: "string" }, key: { type: "string" }, ...PACE_ARGS } });
if (!values.port || !values.key) {
  console.error("Usage: tsx lib/testing/yespo-process.ts --port PORT --key API_KEY [--latency-ms MS] [--rps N]");
  process.exit(2);
}
startYespoContract(values.key, { port: Number(values.port), pace: paceFromArgs(values) }).then((contract) => {
  console.log(`Yespo contract server at ${contract.url}`);
});
