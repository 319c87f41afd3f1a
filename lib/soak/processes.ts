import { spawn, type ChildProcess } from "node:child_process";

/** A Backfill command (the CLI, a worker) as its own process, whose output is kept for the soak to read. */
export type Running = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

export function startNode(script: string[], env: NodeJS.ProcessEnv): Running {
  // Node itself with tsx as a loader, not the tsx command, whose child would outlive a SIGKILL.
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", ...script], { cwd: process.cwd(), env, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => text, exited };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `probe` says yes, or the time is up (false). */
export async function waitFor(probe: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await Promise.resolve(probe()).catch(() => false)) return true;
    await sleep(100);
  }
  return false;
}

/** Ends a process gently, then for good. */
export async function stop(running: Running): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  running.child.kill("SIGTERM");
  const race = await Promise.race([running.exited.then(() => true), sleep(20_000).then(() => false)]);
  if (!race) {
    running.child.kill("SIGKILL");
    await running.exited;
  }
}
