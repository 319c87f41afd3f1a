import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTheMainBuild } from "./playwright.config";

/**
 * The browser tests of the Klaviyo destination (`e2e/*.klaviyo.ts`): the app started with
 * DESTINATION=klaviyo against Klaviyo's contract server, a process of its own on a port fixed before
 * the app starts. It serves the build the main config made.
 */
process.env.E2E_KLAVIYO_PORT ??= String(30_000 + (process.pid % 10_000));
process.env.E2E_KLAVIYO_DATA_DIR ??= mkdtempSync(join(tmpdir(), "backfill-e2e-klaviyo-"));
const port = Number(process.env.E2E_KLAVIYO_PORT);
const contractPort = port + 1;
export const KLAVIYO_API_KEY = "pk_e2e_klaviyo_24680";
/** Everything the contract server holds, as JSON. */
export const klaviyoReceivedURL = `http://127.0.0.1:${contractPort}/received`;

export default onTheMainBuild({
  project: "klaviyo",
  testMatch: /\.klaviyo\.ts$/,
  port,
  dataDir: process.env.E2E_KLAVIYO_DATA_DIR,
  standIn: { command: `npx tsx lib/testing/klaviyo-process.ts --port ${contractPort} --key ${KLAVIYO_API_KEY}`, url: klaviyoReceivedURL },
  env: {
    DESTINATION: "klaviyo",
    KLAVIYO_BASE_URL: `http://127.0.0.1:${contractPort}`,
    KLAVIYO_API_KEY,
  },
});
