/** Starts working import jobs inside the web server, unless `npm run worker` processes do it. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  if (!env().JOBS_IN_PROCESS) return;
  const { startImportWorkers } = await import("@/lib/server/jobs/import-jobs");
  await startImportWorkers();
}
