import { createServer } from "node:http";
import { z } from "zod";
import { basicCredentials, FaultScript, parseJsonBody, readBody, type Fault } from "./fault-script";
import { PlatformPace, type PaceOptions } from "./platform-pace";
import { addContactsSchema, YespoContacts, type AddContacts, type ContactsOptions } from "./yespo-contacts-contract";

/**
 * Yespo/eSputnik's event API as documented (docs.yespo.io, "Sending past events" and "Generate event",
 * docs.yespo.io/reference/registerevent-1), checked on every request: Basic auth with any user name
 * and the API key as the password, JSON in UTF-8, at most 500 past events a request, `occurred` as
 * `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm`, the rules for `eventTypeKey` (100 characters) and `keyValue`
 * (300 characters), neither with `< ; ' ’ \ / | " ` ^ ? ! , >`, and a live event's body of 20 kB at
 * most. A parameter's value is a string, or an array of objects as in "Sending past events"'s
 * `orderCreated` example (yespo.io/support/how-send-past-events: the order's `items`, each a flat
 * object of strings and numbers); nothing else, since the documentation shows nothing else.
 *
 * Where the documentation is silent, the stricter reading: one event that breaks a rule refuses the
 * whole request (400, with the reason as plain text), nothing of it is kept; and `past_events`
 * keeps every copy it is sent, as Yespo's history does. Past events are assigned only to contacts that
 * exist (Yespo's guide to importing past events): those for an address that is no contact yet are
 * counted as `unassigned`. The contacts API is in yespo-contacts-contract.ts.
 */
const BASE_PATH = "/api";
const CONTENT_TYPE = "application/json; charset=UTF-8";
const TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d)?$/;
const FORBIDDEN = /[<;'\u2019\\/|"`^?!,>]/;
const MAX_LIVE_EVENT_BYTES = 20_000;

const eventTypeKey = z
  .string()
  .min(1)
  .refine((key) => [...key].length <= 100, "eventTypeKey is longer than 100 characters")
  .refine((key) => !FORBIDDEN.test(key), "eventTypeKey contains a forbidden character");
const itemSchema = z.record(z.string().min(1), z.union([z.string(), z.number()]));
const params = z.array(z.object({ name: z.string().min(1), value: z.union([z.string(), z.array(itemSchema).min(1)]) }).strict());
const keyValue = z
  .string()
  .min(1)
  .refine((key) => [...key].length <= 300, "keyValue is longer than 300 characters")
  .refine((key) => !FORBIDDEN.test(key), "keyValue contains a forbidden character");
const liveEventSchema = z.object({ eventTypeKey, keyValue, params }).strict();
const pastEventSchema = liveEventSchema.extend({ occurred: z.string().regex(TIME, "occurred is not YYYY-MM-DDTHH:mm") }).strict();
const pastEventsSchema = z.object({ events: z.array(pastEventSchema).min(1).max(500) }).strict();
const deleteSchema = z.object({ from: z.string().regex(TIME), to: z.string().regex(TIME) }).strict();

/** Each resource, with the schema of its body (null: it takes none). */
const ROUTES: Record<string, z.ZodType | null> = {
  "POST /v1/past_events": pastEventsSchema,
  "POST /v1/event": liveEventSchema,
  "DELETE /v1/past_events": deleteSchema,
  "GET /v1/account/info": null,
  "POST /v1/contacts": addContactsSchema,
  "GET /v1/importstatus/{sessionId}": null,
};
const SESSION_PATH = /^\/v1\/importstatus\/([^/]+)$/;

export type YespoPastEvent = z.infer<typeof pastEventSchema>;
export type YespoLiveEvent = z.infer<typeof liveEventSchema>;
export type YespoRequest = { method: string; path: string; authorization: string; contentType: string | null; body: unknown };

/** One event's identity, to count how often the same one arrived. */
export function yespoEventKey(event: YespoLiveEvent & { occurred?: string }): string {
  return JSON.stringify([event.keyValue, event.eventTypeKey, event.occurred ?? null, event.params]);
}

/** Not Yespo's: what the contract server received, as JSON, for tests that run it as a process. */
export const RECEIVED_PATH = "/received";
/** Not Yespo's either: POST a JSON list of faults to answer the next requests with (a destination that is down). */
export const FAULTS_PATH = "/faults";

/**
 * A local Yespo on 127.0.0.1 (on `port`, or any free one) that keeps what it accepted (`keep: false`
 * only counts it, for a million events), lists it at GET /received, and can be told to fail the next
 * requests through `faults`. With `pace`, it answers as Yespo across a network: after a latency, and
 * 429 past the account's limit of requests a second. `onPastEvent` sees each past event it takes
 * (the bench counts distinct ones without keeping a million).
 */
export async function startYespoContract(
  apiKey: string,
  options: { keep?: boolean; port?: number; pace?: PaceOptions; onPastEvent?: (event: YespoPastEvent) => void; contacts?: ContactsOptions } = {},
) {
  const keep = options.keep ?? true;
  const requests: YespoRequest[] = [];
  const pastEvents: YespoPastEvent[] = [];
  const liveEvents: YespoLiveEvent[] = [];
  const deletes: z.infer<typeof deleteSchema>[] = [];
  const counts = { past: 0, live: 0, unassigned: 0 };
  const contacts = new YespoContacts(options.contacts);
  const violations: string[] = [];
  const faults = new FaultScript();
  const pace = new PlatformPace(options.pace);

  const server = createServer(pace.wrap(async (request, response) => {
    const raw = await readBody(request);
    if (request.method === "POST" && request.url === FAULTS_PATH) {
      for (const fault of JSON.parse(raw.toString("utf8")) as Fault[]) faults.push(fault);
      response.writeHead(204).end();
      return;
    }
    if (request.method === "GET" && request.url === RECEIVED_PATH) {
      const received = { requests, pastEvents, liveEvents, deletes, counts, violations, pace: pace.counts, contacts: contacts.counts };
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(received));
      return;
    }
    const refuse = (status: number, reason: string) => {
      violations.push(reason);
      response.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(reason);
    };
    const path = (request.url ?? "").replace(BASE_PATH, "");
    const sessionId = SESSION_PATH.exec(path)?.[1];
    const route = `${request.method} ${sessionId ? "/v1/importstatus/{sessionId}" : path}`;
    const schema = ROUTES[route];
    if (!request.url?.startsWith(`${BASE_PATH}/`) || schema === undefined) return refuse(404, `no such resource: ${route}`);
    if (basicCredentials(request.headers.authorization)?.password !== apiKey) return refuse(401, "wrong or missing API key");
    let body: unknown = null;
    if (route === "POST /v1/event" && raw.length > MAX_LIVE_EVENT_BYTES) return refuse(413, `the event is ${raw.length} bytes; 20 kB at most`);
    if (schema) {
      if (request.headers["content-type"] !== CONTENT_TYPE) return refuse(415, `content type ${request.headers["content-type"]}`);
      const parsed = parseJsonBody(raw, schema);
      if (!parsed.ok) return refuse(400, parsed.reason);
      body = parsed.data;
    }
    if (faults.answer(sessionId ? "/v1/importstatus" : path, response)) return;

    if (keep) {
      requests.push({ method: request.method!, path, authorization: request.headers.authorization!, contentType: request.headers["content-type"] ?? null, body });
    }
    if (route === "POST /v1/past_events") {
      const events = (body as z.infer<typeof pastEventsSchema>).events;
      counts.past += events.length;
      const now = Date.now();
      counts.unassigned += events.filter((event) => !contacts.existedAt(event.keyValue, now)).length;
      if (keep) pastEvents.push(...events);
      if (options.onPastEvent) for (const event of events) options.onPastEvent(event);
    } else if (route === "POST /v1/event") {
      counts.live++;
      if (keep) liveEvents.push(body as YespoLiveEvent);
    } else if (route === "POST /v1/contacts") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(contacts.add(body as AddContacts)));
      return;
    } else if (sessionId) {
      const status = contacts.status(decodeURIComponent(sessionId));
      if (!status) return refuse(404, `no import session ${sessionId}`);
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(status));
      return;
    } else if (route === "DELETE /v1/past_events") {
      deletes.push(body as z.infer<typeof deleteSchema>);
    } else {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ organisationName: "Contract Shop" }));
      return;
    }
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  }, (url) => url === FAULTS_PATH || url === RECEIVED_PATH));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    requests,
    pastEvents,
    liveEvents,
    deletes,
    counts,
    violations,
    faults,
    contacts,
    pace: pace.counts,
    close: () => {
      faults.release();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
