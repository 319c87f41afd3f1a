import { parseArgs } from "node:util";
import { startKlaviyoContract } from "./klaviyo-contract";
import { PACE_ARGS, paceFromArgs } from "./platform-pace";

/**
 * The Klaviyo contract server as a process of its own, for browser tests: the app sends to it on a
 * port fixed before the app starts, and tests read what arrived at GET /received (JSON). It keeps to
 * Klaviyo's documented limits unless --rps says otherwise.
 */
const { values } = parseArgs({ options: { port: { type: "string" }, key: { type: "string" }, ...PACE_ARGS } });
if (!values.port || !values.key) {
  console.error("Usage: tsx lib/testing/klaviyo-process.ts --port PORT --key API_KEY [--latency-ms MS] [--rps N]");
  process.exit(2);
}
const pace = paceFromArgs(values);
startKlaviyoContract(values.key, { port: Number(values.port), ...(values.rps || values["latency-ms"] ? { pace: { requestsPerSecond: 10, requestsPerMinute: 150, ...pace } } : {}) }).then((contract) => {
  console.log(`Klaviyo contract server at ${contract.url}`);
});
