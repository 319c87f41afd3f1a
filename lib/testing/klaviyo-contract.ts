import { createServer, type ServerResponse } from "node:http";
import { z } from "zod";
import { FaultScript, readBody, type Fault } from "./fault-script";
import { PlatformPace, type PaceOptions } from "./platform-pace";

/**
 * Klaviyo's Bulk Create Events as documented: developers.klaviyo.com/en/reference/bulk_create_events
 * and its OpenAPI spec (github.com/klaviyo/openapi, openapi/stable/apis/bulk_create_events.json,
 * revision 2026-07-15); the API overview (developers.klaviyo.com/en/reference/api_overview) for the
 * `Authorization: Klaviyo-API-Key …` header, the required `revision` header and JSON:API errors;
 * "Rate limits, status codes, and errors" (developers.klaviyo.com/en/docs/rate_limits_and_error_handling)
 * for the per-account fixed windows (this endpoint: 10/s burst, 150/m steady) answered 429 with
 * Retry-After. Up to 1,000 events and 5 MB a request, 100 kB a string, 400 properties an event,
 * metric names under 128 characters, times from 2000 to a year ahead. A `unique_id` repeated for one
 * profile and metric fails the whole request; one Klaviyo already holds is dropped. A 202 with no
 * body is the whole answer: the spec documents no job status nor errors to read back.
 * Where the docs are silent, the stricter reading: every refusal processes nothing of the request;
 * `accept` must name JSON:API; the revision must be one whose spec documents `backfill` (2026-04-15
 * or later); an identifier other than the email, or an unknown field, is refused.
 */
const MAX_REQUEST_BYTES = 5_000_000;
const MAX_EVENTS = 1_000;
const MAX_STRING_BYTES = 100_000;
const MAX_PROPERTIES = 400;
const EARLIEST_REVISION = "2026-04-15";
const JSON_API = "application/vnd.api+json";
const YEAR_MS = 365 * 24 * 3_600_000;
/** The documented limits of Bulk Create Events, the default pace. */
export const KLAVIYO_PACE: PaceOptions = { requestsPerSecond: 10, requestsPerMinute: 150 };

const eventSchema = z.object({
  type: z.literal("event"),
  attributes: z.object({
    properties: z.record(z.string(), z.unknown()),
    time: z.iso.datetime({ offset: true }).nullable().optional(),
    value: z.number().nullable().optional(),
    value_currency: z.string().nullable().optional(),
    backfill: z.boolean().nullable().optional(),
    metric: z.object({ data: z.object({ type: z.literal("metric"), attributes: z.object({ name: z.string().min(1).max(127), service: z.string().nullable().optional() }).strict() }).strict() }).strict(),
    unique_id: z.string().min(1).nullable().optional(),
  }).strict(),
}).strict();
const entrySchema = z.object({
  type: z.literal("event-bulk-create"),
  attributes: z.object({
    backfill: z.boolean().nullable().optional(),
    profile: z.object({ data: z.object({ type: z.literal("profile"), attributes: z.object({ email: z.string().includes("@") }).strict() }).strict() }).strict(),
    events: z.object({ data: z.array(eventSchema).min(1) }).strict(),
  }).strict(),
}).strict();
const jobSchema = z.object({
  data: z.object({ type: z.literal("event-bulk-create-job"), attributes: z.object({ "events-bulk-create": z.object({ data: z.array(entrySchema).min(1) }).strict() }).strict() }).strict(),
}).strict();

/** Not Klaviyo's: what the contract server received, as JSON, for tests that run it as a process. */
export const KLAVIYO_RECEIVED_PATH = "/received";
/** Not Klaviyo's either: POST a JSON list of faults to answer the next requests with. */
export const KLAVIYO_FAULTS_PATH = "/faults";

export type KlaviyoEvent = { email: string; metric: string; uniqueId: string; time: string | null; properties: Record<string, unknown>; backfill: boolean };
export type KlaviyoRequest = { path: string; revision: string; events: number; bytes: number };
type JsonApiError = { status: number; code: string; title: string; detail: string; pointer?: string };

/**
 * A local Klaviyo on 127.0.0.1 (on `port`, or any free one). It keeps every event by profile, metric and `unique_id` (a repeat
 * only counts in `repeats`), refuses the emails in `invalidEmails` as Klaviyo refuses an address it
 * finds invalid (a 400 naming the profile, nothing processed), paces at the documented limits, and
 * fails the next requests as `faults` says; GET /received lists what it holds.
 */
export async function startKlaviyoContract(apiKey: string, options: { pace?: PaceOptions; organization?: string; port?: number } = {}) {
  const requests: KlaviyoRequest[] = [];
  const events = new Map<string, KlaviyoEvent>();
  const invalidEmails = new Set<string>();
  const violations: string[] = [];
  const faults = new FaultScript();
  let repeats = 0;
  const pace = new PlatformPace(options.pace ?? KLAVIYO_PACE);

  const answer = (response: ServerResponse, errors: JsonApiError[]) => {
    const body = { errors: errors.map(({ pointer, ...error }, index) => ({ id: `err-${index}`, ...error, ...(pointer ? { source: { pointer } } : {}) })) };
    response.writeHead(errors[0].status, { "content-type": JSON_API }).end(JSON.stringify(body));
  };
  const violate = (response: ServerResponse, status: number, detail: string, pointer?: string) => {
    violations.push(pointer ? `${pointer}: ${detail}` : detail);
    answer(response, [{ status, code: status === 400 ? "invalid" : "error", title: status === 400 ? "Invalid input." : "Request refused.", detail, pointer }]);
  };

  const server = createServer(pace.wrap(async (request, response) => {
    const raw = await readBody(request);
    if (request.method === "POST" && request.url === KLAVIYO_FAULTS_PATH) {
      for (const fault of JSON.parse(raw.toString("utf8")) as Fault[]) faults.push(fault);
      response.writeHead(204).end();
      return;
    }
    if (request.method === "GET" && request.url === KLAVIYO_RECEIVED_PATH) {
      const received = { requests, events: [...events.values()], violations, repeats, pace: pace.counts };
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(received));
      return;
    }
    const route = `${request.method} ${request.url}`;
    if (route !== "POST /api/event-bulk-create-jobs" && route !== "GET /api/accounts") return violate(response, 404, `no such endpoint: ${route}`);
    if (request.headers.authorization !== `Klaviyo-API-Key ${apiKey}`) {
      return answer(response, [{ status: 401, code: "not_authenticated", title: "Authentication credentials were not provided.", detail: "Missing or invalid private key." }]);
    }
    const revision = request.headers.revision;
    if (typeof revision !== "string" || !/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(revision)) return violate(response, 400, "the revision header is required (YYYY-MM-DD)");
    if (revision.slice(0, 10) < EARLIEST_REVISION) return violate(response, 400, `revision ${revision} does not document backfill`);
    if (!(request.headers.accept ?? "").includes(JSON_API)) return violate(response, 406, `accept must be ${JSON_API}`);
    if (route === "GET /api/accounts") {
      if (faults.answer("/api/accounts", response)) return;
      const account = { type: "account", id: "XyZ123", attributes: { test_account: false, contact_information: { organization_name: options.organization ?? "Backfill Test Shop" } } };
      response.writeHead(200, { "content-type": JSON_API }).end(JSON.stringify({ data: [account] }));
      return;
    }
    if (request.headers["content-type"] !== JSON_API) return violate(response, 415, `content type ${request.headers["content-type"]}`);
    if (raw.length > MAX_REQUEST_BYTES) return violate(response, 413, `the request is ${raw.length} bytes; 5MB at most`);
    let json: unknown;
    try {
      json = JSON.parse(raw.toString("utf8"));
    } catch {
      return violate(response, 400, "the body is not JSON");
    }
    const parsed = jobSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return violate(response, 400, issue.message, `/${issue.path.join("/")}`);
    }
    const entries = parsed.data.data.attributes["events-bulk-create"].data;
    const problem = limitProblem(entries, Date.now());
    if (problem) return violate(response, 400, problem.detail, problem.pointer);
    const invalid = entries.flatMap((entry, index) => (invalidEmails.has(entry.attributes.profile.data.attributes.email) ? [index] : []));
    if (invalid.length > 0) {
      // Not the sender's fault: Klaviyo's own verdict on an address.
      return answer(response, invalid.map((index) => ({
        status: 400, code: "invalid", title: "Invalid input.", detail: "Invalid email address.",
        pointer: `/data/attributes/events-bulk-create/data/${index}/attributes/profile/data/attributes/email`,
      })));
    }
    if (faults.answer("/api/event-bulk-create-jobs", response)) return;
    requests.push({ path: "/api/event-bulk-create-jobs", revision, events: entries.reduce((sum, entry) => sum + entry.attributes.events.data.length, 0), bytes: raw.length });
    for (const entry of entries) {
      const email = entry.attributes.profile.data.attributes.email;
      for (const event of entry.attributes.events.data) {
        const metric = event.attributes.metric.data.attributes.name;
        const uniqueId = event.attributes.unique_id ?? event.attributes.time ?? "";
        const key = `${email}\n${metric}\n${uniqueId}`;
        if (events.has(key)) repeats++;
        else events.set(key, { email, metric, uniqueId, time: event.attributes.time ?? null, properties: event.attributes.properties, backfill: event.attributes.backfill ?? entry.attributes.backfill ?? false });
      }
    }
    response.writeHead(202).end();
  }, (url) => url === KLAVIYO_RECEIVED_PATH || url === KLAVIYO_FAULTS_PATH));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    events,
    invalidEmails,
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

type Entry = z.infer<typeof entrySchema>;

/** The first documented limit the request breaks, with the pointer Klaviyo would name; null when none. */
function limitProblem(entries: Entry[], nowMs: number): { detail: string; pointer: string } | null {
  const count = entries.reduce((sum, entry) => sum + entry.attributes.events.data.length, 0);
  if (count > MAX_EVENTS) return { detail: `${count} events; 1,000 at most a request`, pointer: "/data/attributes/events-bulk-create/data" };
  const seen = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    for (const [j, event] of entry.attributes.events.data.entries()) {
      const pointer = `/data/attributes/events-bulk-create/data/${i}/attributes/events/data/${j}/attributes`;
      const { properties, time, unique_id: uniqueId, metric } = event.attributes;
      // An email in another case is the same profile: where the docs are silent, the stricter reading.
      const key = `${entry.attributes.profile.data.attributes.email.toLowerCase()}\n${metric.data.attributes.name}\n${uniqueId ?? time}`;
      if (seen.has(key)) return { detail: "unique_id is repeated for the same profile and metric: no events were processed", pointer: `${pointer}/unique_id` };
      seen.add(key);
      if (Object.keys(properties).length > MAX_PROPERTIES) return { detail: "properties must not exceed 400 properties", pointer: `${pointer}/properties` };
      if (longestString(properties) > MAX_STRING_BYTES) return { detail: "a single string cannot exceed 100KB", pointer: `${pointer}/properties` };
      const ms = time ? Date.parse(time) : nowMs;
      if (ms < Date.UTC(2000, 0, 1) || ms > nowMs + YEAR_MS) return { detail: "time must be after the year 2000 and up to 1 year in the future", pointer: `${pointer}/time` };
    }
  }
  return null;
}

function longestString(value: unknown): number {
  if (typeof value === "string") return Buffer.byteLength(value, "utf8");
  if (value === null || typeof value !== "object") return 0;
  return Math.max(0, ...Object.entries(value).map(([key, inner]) => Math.max(Buffer.byteLength(key, "utf8"), longestString(inner))));
}
