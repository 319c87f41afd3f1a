import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { env as config, servingProblem } from "@/lib/env";

// Refused before anything is built: serving other machines needs an https APP_URL.
const problem = servingProblem(config());
if (problem?.refuse) {
  console.error(`Backfill will not start: ${problem.message}`);
  process.exit(1);
}
if (problem) console.warn(`Backfill: ${problem.message}`);

/**
 * `npm start`: builds when the build is missing or older than the sources, then serves the app on
 * the embedded defaults (HOST and PORT choose where; 127.0.0.1:3000 unless told otherwise).
 */
const SOURCES = ["app", "components", "lib", "public", "package-lock.json", "next.config.js", "instrumentation.ts"];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

function needsBuild(): boolean {
  const buildId = join(".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestChange(source) > built);
}

const next = join("node_modules", ".bin", "next");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
if (needsBuild()) {
  console.log("Building Backfill…");
  const build = spawnSync(next, ["build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const { HOST: host, PORT: port, APP_URL: appUrl } = config();
console.log(`Backfill: open ${appUrl}`);
const server = spawn(next, ["start", "-H", host, "-p", String(port)], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
