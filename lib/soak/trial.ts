import type { Scripted } from "@/lib/testing/webhook-contract";
import type { SoakDestination } from "./destination";
import { startNode, sleep, stop, waitFor, type Running } from "./processes";
import { writeTrialFile } from "./trial-file";

/** What one trial needs: where the database is, the destination, the inbox, and the worker pool (PostgreSQL). */
export type TrialSetup = {
  mode: "pglite" | "postgres";
  env: NodeJS.ProcessEnv;
  dir: string;
  destination: SoakDestination;
  mails: () => { subject?: string }[];
  /** The import's row as the database has it now (null before it exists). */
  importState: (fileName: string) => Promise<ImportState[]>;
  /** PostgreSQL: the two worker processes, replaced as they are killed. */
  workers: Running[];
  startWorker: () => Running;
  rows: number;
  longHang: boolean;
};

export type ImportState = {
  id: string; status: string; total: number; delivered: number; duplicates: number; rejected: number;
  batches: number; finished: boolean; reported: boolean; pending: number;
};

export type TrialResult = { killPoint: string; recoveryMs: number | null; counts: string; problems: string[] };

const FINISH_MS = 240_000;
const random = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));

/** Faults in the order the destination answers: 429s with Retry-After, 5xx, slow successes, one long hang. */
function faults(longHang: boolean): Scripted[] {
  const list: Scripted[] = [];
  for (let i = 0; i < 60; i++) {
    const r = Math.random();
    if (r < 0.12) list.push({ status: 429, retryAfter: "1" });
    else if (r < 0.22) list.push({ status: i % 2 ? 503 : 500 });
    else list.push({ status: 200, hangMs: random(200, 1200) });
  }
  // Past the sender's 30-second timeout: the batch is sent again under the same idempotency key.
  if (longHang) list.splice(3, 0, { status: 200, hangMs: 31_000 });
  return list;
}

/**
 * One import through the whole path (`backfill import`, staging, the forwarding job, the report),
 * with one SIGKILL at a random moment, then the checks: every row in exactly one state, nothing
 * received twice by the destination, one report email.
 */
export async function runTrial(setup: TrialSetup, tag: string): Promise<TrialResult> {
  const file = writeTrialFile(setup.dir, tag, setup.rows);
  setup.destination.script(faults(setup.longHang));
  const expectedDelivered = file.total - file.invalid - file.duplicates;
  const reports = () => setup.mails().filter((mail) => mail.subject?.startsWith(`Import of ${file.name}:`)).length;
  const state = async () => (await setup.importState(file.name)).find((row) => row.status !== "staging") ?? null;
  const importArgs = ["lib/cli/main.ts", "import", file.path, "--notify", "soak@example.com"];
  let cli = startNode(importArgs, setup.env);
  const committed = () => cli.output().includes("delivering");

  const phase = ["before-commit", "delivering", "delivering", "report"][random(0, 4)];
  if (phase === "delivering") await waitFor(committed, FINISH_MS).then(() => sleep(random(0, 4000)));
  if (phase === "report") await waitFor(() => setup.destination.received(tag).ids.size >= expectedDelivered, FINISH_MS);
  if (phase === "before-commit") await sleep(random(500, 4000));

  // The moment of the kill, as the destination and the inbox see it.
  const inFlight = setup.destination.inFlight() > 0;
  const requestsAtKill = setup.destination.requestCount();
  let killPoint: string;
  const killedAt = Date.now();
  if (setup.mode === "pglite" || !committed()) {
    cli.child.kill("SIGKILL");
    await cli.exited;
  } else {
    // Scaled out: the uploader's command keeps waiting; one or both workers die.
    const victims = Math.random() < 0.5 ? setup.workers.splice(0, 2) : setup.workers.splice(random(0, 2), 1);
    for (const victim of victims) victim.child.kill("SIGKILL");
    await Promise.all(victims.map((victim) => victim.exited));
    while (setup.workers.length < 2) setup.workers.push(setup.startWorker());
  }
  if (!committed()) killPoint = "reading or staging";
  else if (reports() > 0) killPoint = "after the report";
  else if (setup.destination.received(tag).ids.size >= expectedDelivered) killPoint = "while the report is sent";
  else killPoint = inFlight ? "mid-request" : "between batches";

  const problems: string[] = [];
  let recoveryMs: number | null = null;
  let worker: Running | null = null;
  if (!committed()) {
    // Killed before the import was committed: nothing was sent; the uploader runs it again.
    cli = startNode(importArgs, setup.env);
  } else if (setup.mode === "pglite") {
    // The embedded database belongs to the killed process: a worker started on it takes over.
    worker = startNode(["lib/cli/worker.ts"], setup.env);
  }
  const progressed = () => setup.destination.requestCount() > requestsAtKill || reports() > 0;
  if (killPoint !== "after the report" && killPoint !== "reading or staging") {
    if (await waitFor(progressed, FINISH_MS)) recoveryMs = Date.now() - killedAt;
  }
  const done = await waitFor(() => reports() > 0, FINISH_MS);
  if (setup.mode === "postgres" && killPoint !== "reading or staging" && !cli.child.killed) await Promise.race([cli.exited, sleep(10_000)]);
  if (worker) await stop(worker);
  if (cli.child.exitCode === null && cli.child.signalCode === null) {
    if (setup.mode === "pglite") await Promise.race([cli.exited, sleep(30_000)]);
    await stop(cli);
  }
  if (!done) problems.push(`no report within ${FINISH_MS / 1000} s`);
  await sleep(500);

  const finished = (await setup.importState(file.name)).filter((row) => row.status !== "staging");
  const row = finished[0] ?? (await state());
  if (finished.length !== 1) problems.push(`${finished.length} imports of the file went past staging, not 1`);
  if (!row) return { killPoint, recoveryMs, counts: "-", problems };
  const received = setup.destination.received(tag);
  const counts = `${row.total} rows: ${row.delivered} delivered, ${row.duplicates} duplicates, ${row.rejected} rejected`;
  if (row.delivered + row.duplicates + row.rejected !== row.total) problems.push(`delivered + duplicates + rejected != total (${counts})`);
  if (row.total !== file.total) problems.push(`total ${row.total}, the file has ${file.total}`);
  if (row.rejected !== file.invalid || row.duplicates !== file.duplicates) {
    problems.push(`expected ${file.invalid} rejected and ${file.duplicates} duplicates (${counts})`);
  }
  if (row.pending !== 0) problems.push(`${row.pending} rows still pending`);
  if (received.doubles > 0) problems.push(`the destination received ${received.doubles} events twice`);
  if (received.ids.size !== row.delivered) problems.push(`the destination holds ${received.ids.size} events, the import says ${row.delivered} delivered`);
  if (reports() !== 1) problems.push(`${reports()} report emails, not 1`);
  if (setup.destination.violations.length > 0) problems.push(`contract violations: ${setup.destination.violations.join("; ")}`);
  return { killPoint, recoveryMs, counts, problems };
}
