import { createServer } from "node:http";
import { z } from "zod";
import { basicCredentials, FaultScript, parseJsonBody, readBody } from "./fault-script";
import { PlatformPace, type PaceOptions } from "./platform-pace";

/**
 * Customer.io's Track API v2 `/batch` as documented (docs.customer.io, Track API): Basic auth with the
 * Site ID as user name and the API key as password, a JSON request smaller than 500 kB whose entries
 * are 32 kB or smaller, person events identified by email with a ULID `id` and a Unix `timestamp` in
 * seconds, event names of 100 bytes at most ("Invalid Track API Requests", docs.customer.io/journeys/
 * invalid-api-requests). A repeated `id` is ignored, as Customer.io does; a 207 lists the entries it
 * refused (`refusedEmails`). Where the documentation is silent on what a batch with one invalid entry
 * comes to, the stricter reading: a 400 for the whole request, nothing of it kept; `invalidEmails`
 * stand for addresses Customer.io finds invalid that way.
 */
const MAX_REQUEST_BYTES = 500_000;
const MAX_ENTRY_BYTES = 32_000;
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
/** Ten digits of seconds reach the year 2286; a millisecond timestamp has thirteen. */
const MAX_TIMESTAMP_SECONDS = 9_999_999_999;

const entrySchema = z.object({
  type: z.literal("person"),
  identifiers: z.object({ email: z.string().includes("@") }).strict(),
  action: z.literal("event"),
  id: z.string().regex(ULID, "id is not a ULID"),
  name: z.string().min(1).refine((name) => Buffer.byteLength(name, "utf8") <= 100, "name cannot be longer than 100 bytes"),
  timestamp: z.number().int().min(0).max(MAX_TIMESTAMP_SECONDS, "timestamp is not in Unix seconds"),
  attributes: z.record(z.string(), z.string()).optional(),
}).strict();
const batchSchema = z.object({ batch: z.array(entrySchema).min(1) }).strict();

export type CustomerioEntry = z.infer<typeof entrySchema>;
export type CustomerioRequest = { method: string; path: string; authorization: string; contentType: string | null; bytes: number; body: unknown };

/**
 * A local Customer.io Track API on 127.0.0.1. It keeps every event by id (a repeat only counts in
 * `repeats`), refuses the emails in `refusedEmails` with a 207, and fails the next requests as `faults` says.
 */
export async function startCustomerioContract(siteId: string, apiKey: string, options: { regionUrl?: string; pace?: PaceOptions } = {}) {
  const requests: CustomerioRequest[] = [];
  const events = new Map<string, CustomerioEntry>();
  const refusedEmails = new Set<string>();
  const invalidEmails = new Set<string>();
  const violations: string[] = [];
  const faults = new FaultScript();
  let repeats = 0;
  let url = "";
  const pace = new PlatformPace(options.pace);

  const server = createServer(pace.wrap(async (request, response) => {
    const raw = await readBody(request);
    const refuse = (status: number, reason: string) => {
      violations.push(reason);
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ reason: "invalid", message: reason }] }));
    };
    const route = `${request.method} ${request.url}`;
    if (route !== "POST /api/v2/batch" && route !== "GET /api/v1/accounts/region") return refuse(404, `no such endpoint: ${route}`);
    const credentials = basicCredentials(request.headers.authorization);
    if (credentials?.user !== siteId || credentials.password !== apiKey) return refuse(401, "wrong Site ID or API key");
    if (route === "GET /api/v1/accounts/region") {
      if (faults.answer("/api/v1/accounts/region", response)) return;
      const answer = { url: options.regionUrl ?? url, region: "us", environment_id: 42 };
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
      return;
    }
    if (!/^application\/json(;\s*charset=utf-8)?$/i.test(request.headers["content-type"] ?? "")) {
      return refuse(415, `content type ${request.headers["content-type"]}`);
    }
    if (raw.length >= MAX_REQUEST_BYTES) return refuse(413, `the request is ${raw.length} bytes; it must be smaller than ${MAX_REQUEST_BYTES}`);
    const parsed = parseJsonBody(raw, batchSchema);
    if (!parsed.ok) return refuse(400, parsed.reason);
    const invalid = parsed.data.batch.findIndex((entry) => invalidEmails.has(entry.identifiers.email));
    if (invalid !== -1) {
      // Not a violation of the contract by the sender: the platform's own verdict on the data.
      const message = `${parsed.data.batch[invalid].identifiers.email} is not a valid email address`;
      response.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ reason: "invalid", field: `batch.${invalid}.identifiers.email`, message }] }));
      return;
    }
    const large = parsed.data.batch.findIndex((entry) => Buffer.byteLength(JSON.stringify(entry)) > MAX_ENTRY_BYTES);
    if (large !== -1) return refuse(400, `batch.${large} is larger than ${MAX_ENTRY_BYTES} bytes`);
    if (faults.answer("/api/v2/batch", response)) return;

    requests.push({ method: "POST", path: "/api/v2/batch", authorization: request.headers.authorization!, contentType: request.headers["content-type"] ?? null, bytes: raw.length, body: parsed.data });
    const errors: { batch_index: number; reason: string; field: string; message: string }[] = [];
    parsed.data.batch.forEach((entry, index) => {
      if (refusedEmails.has(entry.identifiers.email)) {
        errors.push({ batch_index: index, reason: "invalid", field: "identifiers.email", message: `${entry.identifiers.email} is suppressed` });
      } else if (events.has(entry.id)) {
        repeats++;
      } else {
        events.set(entry.id, entry);
      }
    });
    response.writeHead(errors.length > 0 ? 207 : 200, { "content-type": "application/json" }).end(JSON.stringify(errors.length > 0 ? { errors } : {}));
  }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  url = `http://127.0.0.1:${port}`;
  return {
    url,
    requests,
    events,
    refusedEmails,
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
