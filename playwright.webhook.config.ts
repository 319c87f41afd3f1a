import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTheMainBuild } from "./playwright.config";

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
const WEBHOOK_SECRET = "e2e-slow-webhook-secret-5c2e9a";
/** What the receiver got: how many batches, and any breach of the contract. */
export const webhookReceivedURL = `http://127.0.0.1:${receiverPort}/received`;

export default onTheMainBuild({
  project: "webhook",
  testMatch: /\.webhook\.ts$/,
  port,
  dataDir: process.env.E2E_WEBHOOK_DATA_DIR,
  standIn: {
    command: `npx tsx lib/testing/slow-webhook-process.ts --port ${receiverPort} --secret ${WEBHOOK_SECRET} --answer-ms 1000`,
    url: webhookReceivedURL,
  },
  // Two requests in flight: with the default 32, every batch of the cancel test's file is on its way
  // before the first answer, and a cancel would find nothing left to stop. An upload nobody finishes
  // is discarded 18 seconds after it started (e2e/abandoned-upload.webhook.ts): every other upload
  // here ends within a second.
  env: {
    DESTINATION: "webhook", WEBHOOK_URL: `http://127.0.0.1:${receiverPort}/hooks/backfill`, WEBHOOK_SECRET, DELIVERY_CONCURRENCY: "2",
    STAGING_ABANDON_HOURS: "0.005",
  },
});
