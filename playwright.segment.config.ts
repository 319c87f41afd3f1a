import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTheMainBuild } from "./playwright.config";

/**
 * The browser tests of the Segment destination (`e2e/*.segment.ts`): the app started with
 * DESTINATION=segment against the Segment contract server, a process of its own on a port fixed
 * before the app starts. It serves the build the main config made.
 */
process.env.E2E_SEGMENT_PORT ??= String(40_000 + (process.pid % 10_000));
process.env.E2E_SEGMENT_DATA_DIR ??= mkdtempSync(join(tmpdir(), "backfill-e2e-segment-"));
const port = Number(process.env.E2E_SEGMENT_PORT);
const contractPort = port + 1;
export const SEGMENT_WRITE_KEY = "e2e-segment-key-24680";
/** Everything the contract server received, as JSON. */
export const segmentReceivedURL = `http://127.0.0.1:${contractPort}/received`;

export default onTheMainBuild({
  project: "segment",
  testMatch: /\.segment\.ts$/,
  port,
  dataDir: process.env.E2E_SEGMENT_DATA_DIR,
  standIn: { command: `npx tsx lib/testing/segment-process.ts --port ${contractPort} --key ${SEGMENT_WRITE_KEY}`, url: segmentReceivedURL },
  env: { DESTINATION: "segment", SEGMENT_BASE_URL: `http://127.0.0.1:${contractPort}`, SEGMENT_WRITE_KEY },
});
