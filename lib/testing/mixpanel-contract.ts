import { createServer } from "node:http";
import { basicCredentials, FaultScript, readBody } from "./fault-script";
import { PlatformPace, type PaceOptions } from "./platform-pace";

/**
 * Mixpanel's `/import` as documented ("Import Events", docs.mixpanel.com/reference/import-events;
 * "400 Bad Request", docs.mixpanel.com/troubleshooting/errors/400-bad-request): `POST /import?strict=1`,
 * the project token as Basic user name (empty password), a JSON array of at most 2,000 events and
 * 2 MB (the stricter of the sizes the page has given), each with `event`, `properties.time` (seconds or
 * milliseconds, from 1971-01-01 to an hour ahead), `properties.distinct_id` (none of the placeholder
 * values), `properties.$insert_id` (at most 36 letters, digits and dashes), fewer than 255 properties,
 * under 1 MB of JSON, nested values at most 3 deep with fewer than 255 keys or elements. Events that
 * fail are answered in a 400's `failed_records` (index, insert_id, field, message) while the others are
 * imported; a repeated `$insert_id` is dropped. Where the docs are silent, the stricter reading: 1 MB and
 * 2 MB as millions of bytes, a request without strict=1 refused, an empty array a 400. `refusedIds` stand
 * for events Mixpanel refuses for their data (the platform's verdict, not a breach of the contract).
 */
const MAX_REQUEST_BYTES = 2_000_000;
const MAX_EVENTS = 2_000;
const MAX_EVENT_BYTES = 1_000_000;
const MAX_KEYS = 254;
/** "String properties have a limit of 255 bytes" ("Supported Properties Data Type"). */
const MAX_TEXT_BYTES = 255;
const EARLIEST_MS = Date.UTC(1971, 0, 1);
const INSERT_ID = /^[A-Za-z0-9-]{1,36}$/;
const PLACEHOLDER_IDS = ["anon", "anonymous", "nil", "none", "null", "n/a", "na", "undefined", "unknown", "0", "-1", "00000000-0000-0000-0000-000000000000", "<nil>", "[]", "{}", "lmy47d", "[object object]"];

export type MixpanelImported = { event: string; properties: Record<string, unknown> };
type Failure = { field: string; message: string };

function nestingProblem(value: unknown, depth: number): string | null {
  if (value === null || typeof value !== "object") return null;
  if (depth > 3) return "nested deeper than 3 levels";
  const items = Array.isArray(value) ? value : Object.values(value);
  if (items.length > MAX_KEYS) return `has ${items.length} ${Array.isArray(value) ? "elements" : "keys"}; fewer than 255 allowed`;
  for (const item of items) {
    const problem = nestingProblem(item, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** Why Mixpanel would fail this event, as its failed_records say it. */
function validate(raw: unknown, nowMs: number): Failure | null {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return { field: "", message: "event must be a JSON object" };
  const { event, properties, ...rest } = raw as { event?: unknown; properties?: unknown };
  if (Object.keys(rest).length > 0) return { field: Object.keys(rest)[0], message: "unknown top-level field" };
  if (typeof event !== "string" || event === "") return { field: "event", message: "'event' must be a non-empty string" };
  if (properties === null || typeof properties !== "object" || Array.isArray(properties)) return { field: "properties", message: "'properties' must be an object" };
  const props = properties as Record<string, unknown>;
  const time = props.time;
  if (typeof time !== "number" || !Number.isFinite(time)) return { field: "properties.time", message: "'properties.time' is invalid: must be specified as seconds since epoch" };
  const ms = time < 1e11 ? time * 1000 : time;
  if (ms < EARLIEST_MS) return { field: "properties.time", message: "'properties.time' is invalid: must be after 1971-01-01" };
  if (ms > nowMs + 3_600_000) return { field: "properties.time", message: "'properties.time' is invalid: more than 1 hour in the future" };
  if (typeof props.distinct_id !== "string") return { field: "properties.distinct_id", message: "'properties.distinct_id' must be a string" };
  if (PLACEHOLDER_IDS.includes(props.distinct_id.trim().toLowerCase())) return { field: "properties.distinct_id", message: "'properties.distinct_id' is an invalid placeholder value" };
  if (typeof props.$insert_id !== "string" || !INSERT_ID.test(props.$insert_id)) {
    return { field: "properties.$insert_id", message: "'properties.$insert_id' must be at most 36 alphanumeric characters or dashes" };
  }
  if (Object.keys(props).length > MAX_KEYS) return { field: "properties", message: "event has more than 255 properties" };
  for (const [name, value] of Object.entries(props)) {
    const problem = nestingProblem(value, 1);
    if (problem) return { field: `properties.${name}`, message: `'properties.${name}' ${problem}` };
  }
  if (Buffer.byteLength(JSON.stringify(raw)) >= MAX_EVENT_BYTES) return { field: "", message: "event is larger than 1MB" };
  return null;
}

/**
 * A local Mixpanel `/import` on 127.0.0.1: it keeps every event by `$insert_id` (a repeat only counts
 * in `repeats`), fails the events whose distinct_id is in `refusedIds`, and the next requests as `faults` says.
 */
export async function startMixpanelContract(projectToken: string, options: { pace?: PaceOptions } = {}) {
  const requests: { authorization: string; bytes: number; events: unknown[] }[] = [];
  const events = new Map<string, MixpanelImported>();
  const refusedIds = new Set<string>();
  const violations: string[] = [];
  const faults = new FaultScript();
  const pace = new PlatformPace(options.pace);
  let repeats = 0;

  const server = createServer(pace.wrap(async (request, response) => {
    const raw = await readBody(request);
    const answer = (status: number, body: object) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const refuse = (status: number, error: string, violation = true) => {
      if (violation) violations.push(error);
      answer(status, { code: status, error, status: 0 });
    };
    if (request.method !== "POST" || request.url !== "/import?strict=1") return refuse(404, `no such endpoint: ${request.method} ${request.url}`);
    const credentials = basicCredentials(request.headers.authorization);
    if (credentials?.user !== projectToken || credentials.password !== "") return refuse(401, "Invalid credentials");
    if (!/^application\/(json|x-ndjson)(;\s*charset=utf-8)?$/i.test(request.headers["content-type"] ?? "")) return refuse(415, `content type ${request.headers["content-type"]}`);
    if (raw.length > MAX_REQUEST_BYTES) return refuse(413, `request body of ${raw.length} bytes is too large`);
    let batch: unknown;
    try {
      batch = JSON.parse(raw.toString("utf8"));
    } catch {
      return refuse(400, "unable to parse request body as JSON");
    }
    if (!Array.isArray(batch)) return refuse(400, "request body must be a JSON array of events");
    if (batch.length === 0) return refuse(400, "no events in request", false);
    if (batch.length > MAX_EVENTS) return refuse(400, `${batch.length} events in one request; at most ${MAX_EVENTS}`);
    if (faults.answer("/import", response)) return;
    requests.push({ authorization: request.headers.authorization!, bytes: raw.length, events: batch });
    const now = Date.now();
    const failed: ({ index: number; insert_id: string } & Failure)[] = [];
    batch.forEach((event, index) => {
      const properties = (event as { properties?: Record<string, unknown> })?.properties;
      const insertId = typeof properties?.$insert_id === "string" ? properties.$insert_id : "";
      const failure = validate(event, now);
      if (failure) violations.push(`event ${index}: ${failure.message}`);
      // Mixpanel cuts a text over 255 bytes rather than failing it: a sender that cares never sends one.
      const cut = Object.entries(properties ?? {}).find(([, value]) => typeof value === "string" && Buffer.byteLength(value) > MAX_TEXT_BYTES);
      if (!failure && cut) violations.push(`event ${index}: properties.${cut[0]} would be cut to ${MAX_TEXT_BYTES} bytes`);
      const refused = !failure && refusedIds.has(String(properties?.distinct_id))
        ? { field: "properties.distinct_id", message: `'properties.distinct_id' ${String(properties?.distinct_id)} is blocked in this project` } : null;
      if (failure ?? refused) return failed.push({ index, insert_id: insertId, ...(failure ?? refused)! });
      if (events.has(insertId)) repeats++;
      else events.set(insertId, event as MixpanelImported);
    });
    const imported = batch.length - failed.length;
    if (failed.length === 0) return answer(200, { code: 200, num_records_imported: imported, status: "OK" });
    answer(400, { code: 400, error: "some data points in the request failed validation", status: "Bad Request", num_records_imported: imported, failed_records: failed });
  }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    events,
    refusedIds,
    violations,
    faults,
    pace: pace.counts,
    repeats: () => repeats,
    close: () => {
      faults.release();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
