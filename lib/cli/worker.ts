import { closeDb } from "@/lib/server/db/client";
import { stopBoss } from "@/lib/server/jobs/boss";
import { startAbandonSweep } from "@/lib/server/imports/abandon-job";
import { startImportWorkers } from "@/lib/server/jobs/import-jobs";

/**
 * `npm run worker`: works import jobs without serving pages. Run any number of them on one
 * PostgreSQL (DATABASE_URL), with JOBS_IN_PROCESS=false on the web processes.
 */
async function main(): Promise<void> {
  await startAbandonSweep(await startImportWorkers());
  console.log(`Backfill worker ${process.pid}: working import jobs.`);
  const stop = async () => {
    await stopBoss();
    await closeDb();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`backfill worker: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
