import { parseArgs } from "node:util";
import { startYespoContract } from "./yespo-contract";

/**
 * The Yespo contract server as a process of its own, for browser tests: the app sends to it on a
 * port fixed before the app starts, and tests read what arrived at GET /received (JSON).
 */
const { values } = parseArgs({ options: { port: { type: "string" }, key: { type: "string" } } });
if (!values.port || !values.key) {
  console.error("Usage: tsx lib/testing/yespo-process.ts --port PORT --key API_KEY");
  process.exit(2);
}
startYespoContract(values.key, { port: Number(values.port) }).then((contract) => {
  console.log(`Yespo contract server at ${contract.url}`);
});
