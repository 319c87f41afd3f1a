import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";
import { admin, adminState, browserTests } from "./playwright.config";

/**
 * The browser tests of the Yespo destination (`e2e/*.yespo.ts`): the app started with DESTINATION=yespo
 * against the Yespo contract server, a process of its own on a port fixed before the app starts.
 * It serves the build the main config made (`npm test` runs this after it): building here too could
 * clash with that build. The tests sign in as the first admin, with the main config's setup.
 */
process.env.E2E_YESPO_PORT ??= String(50_000 + (process.pid % 10_000));
process.env.E2E_YESPO_DATA_DIR ??= mkdtempSync(join(tmpdir(), "backfill-e2e-yespo-"));
const port = Number(process.env.E2E_YESPO_PORT);
const contractPort = port + 1;
const baseURL = `http://127.0.0.1:${port}`;
export const YESPO_API_KEY = "e2e-yespo-key-13579";
export const YESPO_TIME_ZONE = "Asia/Tokyo";
/** Everything the contract server received, as JSON. */
export const yespoReceivedURL = `http://127.0.0.1:${contractPort}/received`;
/** POST a JSON list of faults here to make the contract server answer the next requests with them. */
export const yespoFaultsURL = `http://127.0.0.1:${contractPort}/faults`;
/** Attempts at a request before an import fails: few, so that a test sees the failure soon. */
export const DELIVERY_ATTEMPTS = 2;

if (!existsSync(join(".next", "BUILD_ID"))) {
  throw new Error("playwright.yespo.config.ts serves an existing build: run `npx next build` (or the main browser tests) first.");
}

export default defineConfig({
  ...browserTests,
  use: { ...browserTests.use, baseURL },
  projects: [
    { name: "sign-in", testMatch: /sign-in\.setup\.ts/ },
    { name: "yespo", testMatch: /\.yespo\.ts$/, dependencies: ["sign-in"], use: { storageState: adminState } },
  ],
  webServer: [
    {
      command: `npx tsx lib/testing/yespo-process.ts --port ${contractPort} --key ${YESPO_API_KEY}`,
      url: yespoReceivedURL,
      reuseExistingServer: false,
    },
    {
      command: `npx next start -H 127.0.0.1 -p ${port}`,
      url: baseURL,
      timeout: 60_000,
      reuseExistingServer: false,
      env: {
        DATA_DIR: process.env.E2E_YESPO_DATA_DIR,
        APP_URL: baseURL,
        NEXT_TELEMETRY_DISABLED: "1",
        DESTINATION: "yespo",
        YESPO_BASE_URL: `http://127.0.0.1:${contractPort}/api`,
        YESPO_API_KEY,
        YESPO_TIME_ZONE,
        DELIVERY_ATTEMPTS: String(DELIVERY_ATTEMPTS),
        ALLOW_EVENT_DELETE: "true",
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
      },
    },
  ],
});
