import { parseArgs } from "node:util";
import { PACE_ARGS, paceFromArgs } from "./platform-pace";
import { startYespoContract } from "./yespo-contract";

/**
 * The Yespo contract server as a process of its own, for browser tests: the app sends to it on a
 * port fixed before the app starts, and tests read what arrived at GET /received (JSON).
 */
const { values } = parseArgs({
  options: { port: { type: "string" }, key: { type: "string" }, "refuse-contact": { type: "string", multiple: true }, ...PACE_ARGS },
});
/** What the contract server says of an address given with --refuse-contact, as Yespo would of one on its blacklist. */
const REFUSED_CONTACT_REASON = "The address is in the account's blacklist";
if (!values.port || !values.key) {
  console.error("Usage: tsx lib/testing/yespo-process.ts --port PORT --key API_KEY [--latency-ms MS] [--rps N] [--refuse-contact EMAIL]…");
  process.exit(2);
}
const refuse = Object.fromEntries((values["refuse-contact"] ?? []).map((email) => [email, REFUSED_CONTACT_REASON]));
startYespoContract(values.key, { port: Number(values.port), pace: paceFromArgs(values), contacts: { sessionMs: 1_500, refuse } }).then((contract) => {
  console.log(`Yespo contract server at ${contract.url}`);
});
