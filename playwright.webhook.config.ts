import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";
import { admin, adminState, browserTests } from "./playwright.config";

/**
 * The browser tests that need a slow destination (`e2e/*.webhook.ts`): the app started with
 * DESTINATION=webhook against the webhook contract server answering each batch after a second, so
 * that an import can be acted on while it is delivered. No SMTP server: reports stay in the outbox.
 * It serves the build the main config made, as playwright.yespo.config.ts does.
 */
process.env.E2E_WEBHOOK_PORT ??= String(30_000 + (process.pid % 10_000));
process.env.E2E_WEBHOOK_DATA_DIR ??= mkdtempSync(join(tmpdir(), "backfill-e2e-webhook-"));
const port = Number(process.env.E2E_WEBHOOK_PORT);
const receiverPort = port + 1;
const baseURL = `http://127.0.0.1:${port}`;
const WEBHOOK_SECRET = "e2e-slow-webhook-secret-5c2e9a";
/** What the receiver got: how many batches, and any breach of the contract. */
export const webhookReceivedURL = `http://127.0.0.1:${receiverPort}/received`;

if (!existsSync(join(".next", "BUILD_ID"))) {
  throw new Error("playwright.webhook.config.ts serves an existing build: run `npx next build` (or the main browser tests) first.");
}

export default defineConfig({
  ...browserTests,
  use: { ...browserTests.use, baseURL },
  projects: [
    { name: "sign-in", testMatch: /sign-in\.setup\.ts/ },
    { name: "webhook", testMatch: /\.webhook\.ts$/, dependencies: ["sign-in"], use: { storageState: adminState } },
  ],
  webServer: [
    {
      command: `npx tsx lib/testing/slow-webhook-process.ts --port ${receiverPort} --secret ${WEBHOOK_SECRET} --answer-ms 1000`,
      url: webhookReceivedURL,
      reuseExistingServer: false,
    },
    {
      command: `npx next start -H 127.0.0.1 -p ${port}`,
      url: baseURL,
      timeout: 60_000,
      reuseExistingServer: false,
      env: {
        DATA_DIR: process.env.E2E_WEBHOOK_DATA_DIR,
        APP_URL: baseURL,
        NEXT_TELEMETRY_DISABLED: "1",
        DESTINATION: "webhook",
        WEBHOOK_URL: `http://127.0.0.1:${receiverPort}/hooks/backfill`,
        WEBHOOK_SECRET,
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
      },
    },
  ],
});
