/**
 * On start: the checks and headers every request gets as it arrives (lib/server/http), the first
 * admin account when there is none yet (printing how to sign in), then the import job workers
 * inside the web server, unless `npm run worker` processes do that.
 */
export async function register(): Promise<void> {
  // Set by Next.js, not configuration, and read here rather than through lib/env: written this way,
  // the check lets Next's bundler leave every import below out of the Edge build.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env, isLoopback, servingProblem } = await import("@/lib/env");
  const config = env();
  const { guardFrontDoor } = await import("@/lib/server/http/front-door");
  guardFrontDoor();
  const { stampClientAddresses } = await import("@/lib/server/auth/client-address");
  stampClientAddresses(config.TRUST_PROXY);
  const { getDb } = await import("@/lib/server/db/client");
  const { ensureFirstAdmin } = await import("@/lib/server/auth/users");
  const { sql } = await getDb();
  const first = await ensureFirstAdmin(sql, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
  const signIn = `${config.APP_URL.replace(/\/$/, "")}/sign-in`;
  if (first.created) {
    const password = first.password ? ` with the password ${first.password} (shown once; you will choose your own at the first sign-in)` : " with ADMIN_PASSWORD";
    console.log(`Backfill: sign in at ${signIn} as ${first.email}${password}.`);
  } else {
    console.log(`Backfill: sign in at ${signIn} (accounts: Admin › Users, or npm run --silent backfill -- user add EMAIL).`);
  }
  // `npm start` refuses such a configuration; `next start` run by hand is told here, at every start.
  const problem = servingProblem(config);
  const appUrl = new URL(config.APP_URL);
  if (problem) console.warn(`Backfill: ${problem.message}`);
  else if (appUrl.protocol !== "https:" && !isLoopback(appUrl.hostname)) {
    console.warn(`Backfill: APP_URL is ${config.APP_URL}; outside this machine, sign-in cookies need https: set APP_URL to the https:// address users open.`);
  }
  if (!config.JOBS_IN_PROCESS) return;
  const { startImportWorkers } = await import("@/lib/server/jobs/import-jobs");
  const { startAbandonSweep } = await import("@/lib/server/imports/abandon-job");
  await startAbandonSweep(await startImportWorkers());
}
