import "server-only";
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * `npm run worker` processes for a test on PostgreSQL, each on the test's database with the given
 * settings and a test's own; `killAll` SIGKILLs every one started. DEBUG_WORKERS shows their output.
 */
export function workerProcesses(env: () => Record<string, string>) {
  const started: ChildProcess[] = [];
  return {
    start(extraEnv: Record<string, string> = {}): ChildProcess {
      // Node itself with tsx as a loader, not the tsx command, whose child would outlive a SIGKILL.
      const worker = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/cli/worker.ts"], {
        cwd: root,
        env: { ...process.env, ...env(), ...extraEnv },
        stdio: process.env.DEBUG_WORKERS ? "inherit" : "ignore",
      });
      started.push(worker);
      return worker;
    },
    killAll(): void {
      for (const worker of started.splice(0)) worker.kill("SIGKILL");
    },
  };
}

/** How many idempotency keys each event arrived under at a webhook, from its deliveries by key. */
export function keysPerEvent(deliveries: Map<string, { id: string }[]>): Map<string, number> {
  const keysOf = new Map<string, number>();
  for (const events of deliveries.values()) for (const event of events) keysOf.set(event.id, (keysOf.get(event.id) ?? 0) + 1);
  return keysOf;
}
