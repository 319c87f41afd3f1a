import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Browser, type CDPSession, type Page, type Request } from "@playwright/test";
import { writeEventsFile, writeEventsWorkbook } from "./generate";

/**
 * `npm run bench:browser [-- --json] [--rows N] [--no-build]`: the wizard in Debian's Chromium, through
 * the real page. It builds and starts the app on a fresh embedded database, drops a generated file on
 * the upload step, goes through the mapping step and waits for the review grid with its counts.
 * Figures: seconds from choosing the file to the grid ready, the longest main-thread task meanwhile
 * (PerformanceObserver on `longtask`), and the JS heap in use at review, the page's and its worker's.
 * Then it clicks Send (the built-in store) and times the upload until the import's page opens, and
 * until that page shows the import finished.
 */
const PORT = 43_000 + (process.pid % 1000);
const BASE = `http://127.0.0.1:${PORT}`;
/** The first admin of the benchmark's fresh database, made at its first start. */
const ADMIN = { email: "bench@example.com", password: "benchmark password" };

async function startApp(dataDir: string): Promise<ChildProcess> {
  const app = spawn("node_modules/.bin/next", ["start", "-H", "127.0.0.1", "-p", String(PORT)], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", NEXT_TELEMETRY_DISABLED: "1", ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
    stdio: "ignore",
  });
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${BASE}/imports/new`).then((response) => response.ok, () => false)) return app;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  app.kill();
  throw new Error("The app did not start within a minute.");
}

type WorkerSession = { send(method: string): Promise<unknown>; detach(): Promise<void> };

/**
 * DevTools sessions with the page's workers, through the browser's session (a page's own session
 * cannot reach them). A session stays open until detached: a profile ends with its session.
 */
async function attachWorkers(browserSession: CDPSession): Promise<WorkerSession[]> {
  const { targetInfos } = (await browserSession.send("Target.getTargets")) as { targetInfos: { targetId: string; type: string }[] };
  const sessions: WorkerSession[] = [];
  for (const target of targetInfos.filter((info) => info.type === "worker")) {
    const { sessionId } = (await browserSession.send("Target.attachToTarget", { targetId: target.targetId, flatten: false })) as { sessionId: string };
    let next = 1;
    sessions.push({
      async send(method) {
        const id = next++;
        const answer = new Promise<unknown>((resolve) => {
          const listener = (event: { sessionId: string; message: string }) => {
            const message = JSON.parse(event.message) as { id?: number; result?: unknown };
            if (event.sessionId !== sessionId || message.id !== id) return;
            browserSession.off("Target.receivedMessageFromTarget", listener);
            resolve(message.result);
          };
          browserSession.on("Target.receivedMessageFromTarget", listener);
        });
        await browserSession.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method }) });
        return answer;
      },
      async detach() {
        await browserSession.send("Target.detachFromTarget", { sessionId });
      },
    });
  }
  return sessions;
}

/** JS heap in use by the page's workers after a garbage collection (the page cannot see it). */
async function workerHeapBytes(browserSession: CDPSession): Promise<number> {
  let total = 0;
  for (const worker of await attachWorkers(browserSession)) {
    await worker.send("HeapProfiler.collectGarbage");
    total += ((await worker.send("Runtime.getHeapUsage")) as { usedSize: number }).usedSize;
    await worker.detach();
  }
  return total;
}

async function pageHeapBytes(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  await session.send("HeapProfiler.collectGarbage");
  const { usedSize } = (await session.send("Runtime.getHeapUsage")) as { usedSize: number };
  await session.detach();
  return usedSize;
}

type Outcome = {
  mapping_ready_s: number | null;
  review_ready_s: number | null;
  replace_ms: number | null;
  refused: string | null;
  longest_task_ms: number;
  heap_mb: number;
  crashed: boolean;
  upload_s: number | null;
  finished_s: number | null;
  upload: UploadCalls | null;
};

/** `send`: go on to send every row (and time it); the workbook's run stops at the review. */
async function runWizard(browser: Browser, file: string, profile: string | undefined, explain: boolean, send = true): Promise<Outcome> {
  const page = await browser.newPage();
  let crashed = false;
  page.on("crash", () => {
    crashed = true;
  });
  await page.addInitScript(() => {
    const state = { since: 0, longest: 0 };
    (window as unknown as { benchTasks: typeof state }).benchTasks = state;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.startTime >= state.since) state.longest = Math.max(state.longest, entry.duration);
      }
    }).observe({ type: "longtask", buffered: true });
    // Long animation frames say what a long task was made of (scripts, style and layout), for --explain.
    const frames: unknown[] = [];
    (window as unknown as { benchFrames: unknown[] }).benchFrames = frames;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & Record<string, unknown>)[]) {
        if (entry.startTime < state.since || entry.duration < 50) continue;
        frames.push({
          start: Math.round(entry.startTime - state.since),
          duration: Math.round(entry.duration),
          blocking: entry.blockingDuration,
          renderStart: Math.round((entry.renderStart as number) - entry.startTime),
          layoutStart: Math.round((entry.styleAndLayoutStart as number) - entry.startTime),
          scripts: (entry.scripts as Record<string, unknown>[]).map((script) => ({
            invoker: script.invoker, duration: Math.round(script.duration as number), source: String(script.sourceFunctionName ?? ""),
          })),
        });
      }
    }).observe({ type: "long-animation-frame", buffered: true });
  });
  await page.goto(`${BASE}/sign-in?next=/imports/new`);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("file-input").waitFor({ state: "attached" });
  // The wizard as a user meets it: loaded afresh, signed in, settled before the file is chosen.
  await page.goto(`${BASE}/imports/new`, { waitUntil: "networkidle" });
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    (window as unknown as { benchTasks: { since: number } }).benchTasks.since = performance.now();
  });
  // The file's worker, and the one it keeps ready for a large file's second half: that one is gone
  // by the time the profiles are taken (stopped when its read ends), and only the file's is written.
  const profilers = profile ? await attachWorkers(await browser.newBrowserCDPSession()) : [];
  if (profile && profilers.length === 0) throw new Error("The page has no worker to profile.");
  for (const profiler of profilers) {
    await profiler.send("Profiler.enable");
    await profiler.send("Profiler.start");
  }
  const pageProfiler = profile ? await page.context().newCDPSession(page) : null;
  if (pageProfiler) {
    await pageProfiler.send("Profiler.enable");
    await pageProfiler.send("Profiler.start");
  }
  const started = performance.now();
  await page.getByTestId("file-input").setInputFiles(file);
  const mapped = page.getByRole("heading", { name: /^2\. Match the columns/ });
  const refusal = page.getByTestId("file-error");
  await mapped.or(refusal).waitFor({ timeout: 600_000 });
  let mappingReady: number | null = null;
  let reviewReady: number | null = null;
  let replaceMs: number | null = null;
  let refused: string | null = null;
  if (await refusal.isVisible()) refused = await refusal.textContent();
  else {
    mappingReady = (performance.now() - started) / 1000;
    const stopped = await Promise.all(profilers.map((profiler) => profiler.send("Profiler.stop").catch(() => null)));
    const result = stopped.find((answer) => answer !== null) as { profile: unknown } | undefined;
    if (result && profile) writeFileSync(profile, JSON.stringify(result.profile));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByTestId("grid-row").first().waitFor({ timeout: 600_000 });
    await page.getByTestId("count-send").waitFor();
    reviewReady = (performance.now() - started) / 1000;
    if (pageProfiler && profile) {
      const { profile: main } = await pageProfiler.send("Profiler.stop");
      writeFileSync(profile.replace(/(\.cpuprofile)?$/, ".page.cpuprofile"), JSON.stringify(main));
    }
    if (send) replaceMs = await replaceEveryCity(page);
  }
  // Let the observer deliver the last entries before reading them.
  await page.waitForTimeout(200);
  const longest = await page.evaluate(() => (window as unknown as { benchTasks: { longest: number } }).benchTasks.longest);
  if (explain) {
    const frames = await page.evaluate(() => (window as unknown as { benchFrames: unknown[] }).benchFrames);
    process.stderr.write(`${JSON.stringify(frames, null, 1)}\n`);
  }
  const browserSession = await browser.newBrowserCDPSession();
  const heap = (await pageHeapBytes(page)) + (await workerHeapBytes(browserSession));
  // The tab still answers: it did not crash under the file.
  const alive = await page.evaluate(() => document.title.length >= 0).catch(() => false);
  const sent = reviewReady === null || !send ? null : await sendEveryRow(page);
  await page.close();
  return {
    mapping_ready_s: mappingReady === null ? null : Math.round(mappingReady * 100) / 100,
    review_ready_s: reviewReady === null ? null : Math.round(reviewReady * 100) / 100,
    replace_ms: replaceMs === null ? null : Math.round(replaceMs),
    refused,
    longest_task_ms: Math.round(longest),
    heap_mb: Math.round(heap / 1e6),
    crashed: crashed || !alive,
    upload_s: sent && Math.round(sent.uploadS * 10) / 10,
    finished_s: sent && Math.round(sent.finishedS * 10) / 10,
    upload: sent && sent.upload,
  };
}

/** The wizard's staging calls during an upload, as the browser timed them. */
type UploadCalls = { calls: number; timed: number; serverS: number; maxInFlight: number; idleS: number };

/**
 * Where an upload's time goes: the calls (POSTs to the wizard's page), and of those the browser
 * reported finished with their timing, the seconds it waited
 * for their answers (sending the body included: loopback), the most in flight at once, and the
 * seconds no call was in flight at all (the browser preparing the next one).
 */
function uploadCalls(calls: number, spans: { start: number; end: number; wait: number }[], wallS: number): UploadCalls {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let maxInFlight = 0;
  let covered = 0;
  let reach = -Infinity;
  for (const span of sorted) {
    maxInFlight = Math.max(maxInFlight, sorted.filter((other) => other.start <= span.start && other.end > span.start).length);
    covered += Math.max(0, span.end - Math.max(span.start, reach));
    reach = Math.max(reach, span.end);
  }
  const round = (value: number) => Math.round(value * 10) / 10;
  return { calls, timed: spans.length, serverS: round(spans.reduce((sum, span) => sum + span.wait, 0) / 1000), maxInFlight, idleS: round(wallS - covered / 1000) };
}

/** From the review to Send, then seconds until the import's page opens, and until it shows the import done. */
async function sendEveryRow(page: Page): Promise<{ uploadS: number; finishedS: number; upload: UploadCalls }> {
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("heading", { name: "4. Options" }).waitFor();
  const spans: { start: number; end: number; wait: number }[] = [];
  const onFinished = (request: Request) => {
    if (request.method() !== "POST" || !request.url().endsWith("/imports/new")) return;
    const timing = request.timing();
    spans.push({ start: timing.startTime + timing.requestStart, end: timing.startTime + timing.responseEnd, wait: timing.responseStart - timing.requestStart });
  };
  let calls = 0;
  const onRequest = (request: Request) => {
    if (request.method() === "POST" && request.url().endsWith("/imports/new")) calls++;
  };
  page.on("request", onRequest);
  page.on("requestfinished", onFinished);
  const started = performance.now();
  await page.getByRole("button", { name: /^Send / }).click();
  await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/, { timeout: 600_000 });
  const uploadS = (performance.now() - started) / 1000;
  page.off("requestfinished", onFinished);
  page.off("request", onRequest);
  const status = page.getByTestId("import-status");
  await status.filter({ hasText: /^(Done|Failed|Cancelled)/ }).waitFor({ timeout: 1_200_000 });
  const finishedS = (performance.now() - started) / 1000;
  const ended = await status.textContent();
  if (!ended?.startsWith("Done")) throw new Error(`The import ended "${ended}" after ${Math.round(finishedS)} s.`);
  return { uploadS, finishedS, upload: uploadCalls(calls, spans, uploadS) };
}

/**
 * Replace in a column over every row (the city of every event), from the click to the new counts:
 * the longest-task figure covers it too, as it is measured until the page closes.
 */
async function replaceEveryCity(page: Page): Promise<number> {
  await page.getByLabel("Column", { exact: true }).selectOption({ label: "city" });
  await page.getByLabel("Rows where", { exact: true }).selectOption({ label: "every row" });
  await page.getByLabel("New value", { exact: true }).fill("Berlin");
  const started = performance.now();
  await page.getByRole("button", { name: "Replace", exact: true }).click();
  await page.getByTestId("replace-status").filter({ hasText: "changed" }).waitFor({ timeout: 600_000 });
  await page.getByTestId("review-status").filter({ hasNotText: "Checking" }).waitFor({ timeout: 600_000 });
  return performance.now() - started;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: "boolean", default: false },
      rows: { type: "string", default: "1000000" },
      "no-build": { type: "boolean", default: false },
      /** Where to write a CPU profile of the worker's read (a .cpuprofile file). */
      profile: { type: "string" },
      /** Print the long animation frames (over 50 ms) while the file is read and reviewed. */
      explain: { type: "boolean", default: false },
    },
  });
  const rows = Number(values.rows);
  if (!values["no-build"]) {
    const build = spawnSync("node_modules/.bin/next", ["build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const dir = mkdtempSync(join(tmpdir(), "backfill-bench-browser-"));
  const app = await startApp(join(dir, "data"));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const file = join(dir, "events.csv");
    await writeEventsFile(file, rows);
    const outcome = await runWizard(browser, file, values.profile, values.explain);
    const label = rows % 1_000_000 === 0 ? `${rows / 1_000_000}m` : String(rows);
    // The same rows as an .xlsx workbook, typed dates and all: from choosing it to the review grid.
    const workbookFile = join(dir, "events.xlsx");
    await writeEventsWorkbook(workbookFile, rows);
    const workbook = await runWizard(browser, workbookFile, undefined, false, false);
    const figures = {
      rows,
      file_mb: Math.round(statSync(file).size / 1e5) / 10,
      [`browser_mapping_ready_s_${label}`]: outcome.mapping_ready_s,
      [`browser_review_ready_s_${label}`]: outcome.review_ready_s,
      [`browser_replace_${label}_ms`]: outcome.replace_ms,
      browser_longest_task_ms: outcome.longest_task_ms,
      browser_heap_mb: outcome.heap_mb,
      browser_heap_vs_file: Math.round((outcome.heap_mb / (statSync(file).size / 1e6)) * 100) / 100,
      browser_crashed: outcome.crashed,
      [`web_upload_${label}_s`]: outcome.upload_s,
      [`web_send_${label}_finished_s`]: outcome.finished_s,
      ...(outcome.upload ? {
        web_upload_calls: outcome.upload.calls,
        // The calls whose timing the browser reported (requestfinished): the three figures below are of these.
        web_upload_calls_timed: outcome.upload.timed,
        web_upload_server_wait_s: outcome.upload.serverS,
        web_upload_max_in_flight: outcome.upload.maxInFlight,
        web_upload_no_call_in_flight_s: outcome.upload.idleS,
      } : {}),
      ...(outcome.refused ? { browser_refused: outcome.refused } : {}),
      workbook_mb: Math.round(statSync(workbookFile).size / 1e5) / 10,
      [`workbook_${label}_review_s`]: workbook.review_ready_s,
      workbook_heap_mb: workbook.heap_mb,
      workbook_longest_task_ms: workbook.longest_task_ms,
      ...(workbook.refused ? { workbook_refused: workbook.refused } : {}),
    };
    if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
    else for (const [name, value] of Object.entries(figures)) process.stdout.write(`${name.padEnd(30)} ${value}\n`);
  } finally {
    await browser.close();
    app.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
