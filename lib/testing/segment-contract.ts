import { createServer } from "node:http";
import { z } from "zod";
import { basicCredentials, FaultScript, parseJsonBody, readBody, type Fault } from "./fault-script";
import { PlatformPace, type PaceOptions } from "./platform-pace";

/**
 * Segment's Tracking API `/v1/batch` as documented ("HTTP API Source",
 * twilio.com/docs/segment/connections/sources/catalog/libraries/server/http-api): Basic auth with the
 * write key as user name and an empty password, `Content-Type: application/json`, a request of at most
 * 500 KB, events of at most 32 KB, a `messageId` (fewer than 100 characters) by which a repeat is
 * dropped, `userId` or `anonymousId`, a `track`'s `event`. Segment answers 400 only to a request too
 * large or not JSON, and 200 to the rest, dropping what it does not accept: so does this server, and
 * it lists what it dropped in `dropped` (and `violations`) for the tests to see. Where the docs are
 * silent, the stricter reading: a wrong write key is a 401, an event not as documented a 400 for the
 * whole request, and 32 KB and 500 KB are read as thousands of bytes. `invalidEmails` stand for an
 * event the platform refuses with a 400 for the whole request (a proxy such as RudderStack's validating it).
 */
const MAX_REQUEST_BYTES = 500_000;
/** Not Segment's: what the server received, as JSON, for browser tests that run it as a process. */
export const SEGMENT_RECEIVED_PATH = "/received";
/** Not Segment's either: POST a JSON list of faults to answer the next requests with. */
export const SEGMENT_FAULTS_PATH = "/faults";
const MAX_EVENT_BYTES = 32_000;

const trackSchema = z.object({
  type: z.literal("track"),
  event: z.string().min(1, "a track call needs an event name"),
  userId: z.string().min(1),
  properties: z.record(z.string(), z.unknown()),
  timestamp: z.iso.datetime({ offset: true }),
  messageId: z.string().min(1).max(99, "messageId must have fewer than 100 characters"),
}).strict();
const batchSchema = z.object({ batch: z.array(trackSchema) }).strict();

export type SegmentCall = z.infer<typeof trackSchema>;
export type SegmentRequest = { authorization: string; bytes: number; body: { batch: SegmentCall[] } };

/**
 * A local Segment-compatible Tracking API on 127.0.0.1 (on `port`, or any free one): it keeps every
 * event by messageId (a repeat only counts in `repeats`), lists them at GET /received, and fails the
 * next requests as `faults` says.
 */
export async function startSegmentContract(writeKey: string, options: { port?: number; pace?: PaceOptions } = {}) {
  const requests: SegmentRequest[] = [];
  const events = new Map<string, SegmentCall>();
  const dropped: string[] = [];
  const invalidEmails = new Set<string>();
  const violations: string[] = [];
  const faults = new FaultScript();
  const pace = new PlatformPace(options.pace);
  let repeats = 0;

  const server = createServer(pace.wrap(async (request, response) => {
    const raw = await readBody(request);
    const answer = (status: number, body: object) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (request.method === "POST" && request.url === SEGMENT_FAULTS_PATH) {
      for (const fault of JSON.parse(raw.toString("utf8")) as Fault[]) faults.push(fault);
      return void response.writeHead(204).end();
    }
    if (request.method === "GET" && request.url === SEGMENT_RECEIVED_PATH) {
      return answer(200, { requests, events: [...events.values()], dropped, violations, repeats });
    }
    const refuse = (status: number, reason: string) => {
      violations.push(reason);
      answer(status, { success: false, message: reason });
    };
    const route = `${request.method} ${request.url}`;
    if (route !== "POST /v1/batch") return refuse(404, `no such endpoint: ${route}`);
    const credentials = basicCredentials(request.headers.authorization);
    if (credentials?.user !== writeKey || credentials.password !== "") return refuse(401, "wrong write key (or a password after it)");
    if (!/^application\/json(;\s*charset=utf-8)?$/i.test(request.headers["content-type"] ?? "")) {
      return refuse(400, `content type ${request.headers["content-type"]}`);
    }
    if (raw.length > MAX_REQUEST_BYTES) return refuse(400, `the request is ${raw.length} bytes; at most ${MAX_REQUEST_BYTES}`);
    let json: { batch?: unknown[] } | null = null;
    try {
      json = JSON.parse(raw.toString("utf8")) as { batch?: unknown[] };
    } catch {
      return refuse(400, "the body is not JSON");
    }
    // Segment measures each event before it reads it: a larger one is dropped with a 200 all the same.
    const kept = (Array.isArray(json?.batch) ? json.batch : []).filter((call) => {
      const bytes = Buffer.byteLength(JSON.stringify(call));
      if (bytes <= MAX_EVENT_BYTES) return true;
      dropped.push((call as { messageId?: string }).messageId ?? "?");
      violations.push(`an event of ${bytes} bytes was sent, and dropped`);
      return false;
    });
    const parsed = parseJsonBody(Buffer.from(JSON.stringify({ ...json, batch: kept })), batchSchema);
    if (!parsed.ok) return refuse(400, parsed.reason);
    const invalid = parsed.data.batch.findIndex((call) => invalidEmails.has(call.userId));
    if (invalid !== -1) {
      // Not a violation of the contract by the sender: the platform's own verdict on the data.
      return answer(400, { success: false, message: `batch.${invalid}.userId: ${parsed.data.batch[invalid].userId} is not accepted` });
    }
    if (faults.answer("/v1/batch", response)) return;
    requests.push({ authorization: request.headers.authorization!, bytes: raw.length, body: parsed.data });
    for (const call of parsed.data.batch) {
      if (events.has(call.messageId)) repeats++;
      else events.set(call.messageId, call);
    }
    answer(200, { success: true });
  }, (url) => url === SEGMENT_RECEIVED_PATH || url === SEGMENT_FAULTS_PATH));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    events,
    dropped,
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
