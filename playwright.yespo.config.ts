import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTheMainBuild } from "./playwright.config";

/**
 * The browser tests of the Yespo destination (`e2e/*.yespo.ts`): the app started with DESTINATION=yespo
 * against the Yespo contract server, a process of its own on a port fixed before the app starts.
 * It serves the build the main config made.
 */
process.env.E2E_YESPO_PORT ??= String(50_000 + (process.pid % 10_000));
process.env.E2E_YESPO_DATA_DIR ??= mkdtempSync(join(tmpdir(), "backfill-e2e-yespo-"));
const port = Number(process.env.E2E_YESPO_PORT);
const contractPort = port + 1;
export const YESPO_API_KEY = "e2e-yespo-key-13579";
export const YESPO_TIME_ZONE = "Asia/Tokyo";
/** Everything the contract server received, as JSON. */
export const yespoReceivedURL = `http://127.0.0.1:${contractPort}/received`;
/** POST a JSON list of faults here to make the contract server answer the next requests with them. */
export const yespoFaultsURL = `http://127.0.0.1:${contractPort}/faults`;
/** Attempts at a request before an import fails: few, so that a test sees the failure soon. */
export const DELIVERY_ATTEMPTS = 2;
/** An address the contract server refuses as a contact. */
export const REFUSED_CONTACT = "refused-contact@example.com";

export default onTheMainBuild({
  project: "yespo",
  testMatch: /\.yespo\.ts$/,
  port,
  dataDir: process.env.E2E_YESPO_DATA_DIR,
  standIn: { command: `npx tsx lib/testing/yespo-process.ts --port ${contractPort} --key ${YESPO_API_KEY} --refuse-contact ${REFUSED_CONTACT}`, url: yespoReceivedURL },
  env: {
    DESTINATION: "yespo",
    YESPO_BASE_URL: `http://127.0.0.1:${contractPort}/api`,
    YESPO_API_KEY,
    YESPO_TIME_ZONE,
    DELIVERY_ATTEMPTS: String(DELIVERY_ATTEMPTS),
    ALLOW_EVENT_DELETE: "true",
  },
});
