import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * A port of its own and a fresh embedded database for every run; everything binds to 127.0.0.1. The
 * config is loaded again in each test worker: the environment carries the first choice over to them.
 */
process.env.E2E_PORT ??= String(40_000 + (process.pid % 10_000));
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "backfill-e2e-"));
const port = Number(process.env.E2E_PORT);
const dataDir = process.env.E2E_DATA_DIR;
export const baseURL = `http://127.0.0.1:${port}`;
/** A real SMTP server that the app sends report emails to, and its inbox for the tests to read. */
const smtpPort = port + 1;
export const inboxURL = `http://127.0.0.1:${port + 2}`;
/** The first admin, made by the app on its first start from ADMIN_EMAIL / ADMIN_PASSWORD. */
export const admin = { email: "admin@example.com", password: "e2e admin password 1" };
/** Where the setup project keeps the admin's signed-in browser state for the other tests. */
export const adminState = "test-results/.auth/admin.json";
/**
 * Secrets the app is built and run with although its destination is the built-in store: the test of
 * the browser bundle looks for them there.
 */
export const secrets = { WEBHOOK_SECRET: "e2e-webhook-secret-4f1d8c2a9b", YESPO_API_KEY: "e2e-yespo-key-77a0c3d1e5" };

/**
 * With E2E_DATABASE_URL (npm test sets it for a second pass) the app runs scaled out: PostgreSQL, and
 * two `npm run worker` processes working the imports instead of the web process.
 */
const postgresUrl = process.env.E2E_DATABASE_URL;
const appEnv = {
  DATA_DIR: dataDir,
  APP_URL: baseURL,
  SMTP_URL: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`,
  // On, so that e2e/events.spec.ts can delete by time range; the refusal when off is tested in app/events/actions.test.ts.
  ALLOW_EVENT_DELETE: "true",
  // The suite's admin starts more than the default 30 imports within the hour; the limit itself is
  // tested in app/imports/actions.test.ts.
  IMPORTS_PER_HOUR: "500",
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  WEBHOOK_URL: "http://127.0.0.1:9/unused",
  ...secrets,
  NEXT_TELEMETRY_DISABLED: "1",
  ...(postgresUrl ? { DATABASE_URL: postgresUrl, JOBS_IN_PROCESS: "false" } : {}),
};
const workers = postgresUrl
  ? [1, 2].map(() => ({
      command: "npx tsx --conditions=react-server lib/cli/worker.ts",
      wait: { stdout: /working import jobs/ },
      env: appEnv,
      reuseExistingServer: false,
    }))
  : [];

/**
 * The specs of the PostgreSQL pass: those whose import crosses the web process, the database and the
 * two workers (staging, the ledger, delivery, the report, the import's page, roles). Everything else
 * the app does on PostgreSQL is tested at unit level: `npm test` runs the server tests and the server
 * actions again on PostgreSQL.
 */
const POSTGRES_SPECS = ["access", "accounts", "events", "flaky-network", "import", "proto-columns", "re-import", "review-bulk", "send-counts", "upload"];

/** What every browser test runs on: Debian's Chromium, one test at a time. */
export const browserTests = {
  testDir: "e2e",
  workers: 1,
  timeout: 60_000,
  reporter: process.env.CI ? "list" : "line",
  use: {
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
} satisfies Parameters<typeof defineConfig>[0];

/**
 * A config that serves the build the main config made (`npm test` runs it after that one: building
 * here too could clash with it), with the app on a destination's stand-in server started first, and
 * the tests signed in as the first admin with the main config's setup.
 */
export function onTheMainBuild(options: {
  project: string; testMatch: RegExp; port: number; dataDir: string;
  standIn: { command: string; url: string }; env: Record<string, string>;
}) {
  if (!existsSync(join(".next", "BUILD_ID"))) {
    throw new Error(`The ${options.project} browser tests serve an existing build: run \`npx next build\` (or the main browser tests) first.`);
  }
  const appURL = `http://127.0.0.1:${options.port}`;
  return defineConfig({
    ...browserTests,
    use: { ...browserTests.use, baseURL: appURL },
    projects: [
      { name: "sign-in", testMatch: /sign-in\.setup\.ts/ },
      { name: options.project, testMatch: options.testMatch, dependencies: ["sign-in"], use: { storageState: adminState } },
    ],
    webServer: [
      { ...options.standIn, reuseExistingServer: false },
      {
        command: `npx next start -H 127.0.0.1 -p ${options.port}`,
        url: appURL,
        timeout: 60_000,
        reuseExistingServer: false,
        env: {
          DATA_DIR: options.dataDir, APP_URL: appURL, NEXT_TELEMETRY_DISABLED: "1",
          ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, ...options.env,
        },
      },
    ],
  });
}

export default defineConfig({
  ...browserTests,
  use: { ...browserTests.use, baseURL },
  projects: [
    { name: "sign-in", testMatch: /sign-in\.setup\.ts/ },
    {
      name: "app", dependencies: ["sign-in"], use: { storageState: adminState },
      ...(postgresUrl ? { testMatch: new RegExp(`/(${POSTGRES_SPECS.join("|")})\\.spec\\.ts$`) } : {}),
    },
  ],
  webServer: [
    {
      command: `npx tsx lib/testing/smtp-inbox.ts --smtp ${smtpPort} --http ${port + 2}`,
      url: `${inboxURL}/health`,
      reuseExistingServer: false,
    },
    {
      // E2E_REUSE_BUILD: `npm test`'s later passes serve the build its first pass made.
      command: `${process.env.E2E_REUSE_BUILD ? "" : "npx next build && "}npx next start -H 127.0.0.1 -p ${port}`,
      url: baseURL,
      timeout: 240_000,
      reuseExistingServer: false,
      env: appEnv,
    },
    ...workers,
  ],
});
