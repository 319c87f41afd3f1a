/**
 * On start: the first admin account when there is none yet (printing how to sign in), then the
 * import job workers inside the web server, unless `npm run worker` processes do that.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env, isLoopback } = await import("@/lib/env");
  const config = env();
  const { getDb } = await import("@/lib/server/db/client");
  const { ensureFirstAdmin } = await import("@/lib/server/auth/users");
  const { sql } = await getDb();
  const first = await ensureFirstAdmin(sql, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
  const signIn = `${config.APP_URL.replace(/\/$/, "")}/sign-in`;
  if (first.created) {
    const password = first.password ? ` with the password ${first.password} (shown once; add your own account under Admin › Users)` : " with ADMIN_PASSWORD";
    console.log(`Backfill: sign in at ${signIn} as ${first.email}${password}.`);
  } else {
    console.log(`Backfill: sign in at ${signIn} (accounts: Admin › Users, or npm run --silent backfill -- user add EMAIL).`);
  }
  const appUrl = new URL(config.APP_URL);
  if (appUrl.protocol !== "https:" && !isLoopback(appUrl.hostname)) {
    console.warn(`Backfill: APP_URL is ${config.APP_URL}; outside this machine, sign-in cookies need https: set APP_URL to the https:// address users open.`);
  }
  if (!config.JOBS_IN_PROCESS) return;
  const { startImportWorkers } = await import("@/lib/server/jobs/import-jobs");
  await startImportWorkers();
}
