import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import { z } from "zod";
import { PlatformPace, type PaceOptions } from "./platform-pace";

/** What a Backfill webhook receiver may rely on (the README documents it): checked on every request. */
const payloadSchema = z.object({
  import_id: z.uuid(),
  trigger_campaigns: z.boolean(),
  events: z
    .array(
      z.object({
        id: z.string().regex(/^[0-9a-f]{32}$/),
        email: z.string().includes("@"),
        event_name: z.string().min(1),
        occurred_at: z.iso.datetime(),
        params: z.record(z.string(), z.string()),
      }).strict(),
    )
    .min(1)
    .max(500),
}).strict();

export type Scripted = { status: number; body?: string; retryAfter?: string; hangMs?: number; refuseEvery?: number };

/**
 * A local webhook receiver on 127.0.0.1 that enforces the contract strictly and can be told to
 * answer with faults. Deliveries are kept by idempotency key, so a repeated batch counts once; every
 * event it takes is also counted by id in `received`, to see an event that arrived twice. An event
 * whose email is in `refusedEmails` makes it refuse the whole request with a 400, as a strict
 * receiver may (and as Yespo does).
 */
export async function startWebhookContract(secret: string, options: { pace?: PaceOptions } = {}) {
  const deliveries = new Map<string, z.infer<typeof payloadSchema>["events"]>();
  const violations: string[] = [];
  const script: Scripted[] = [];
  const refusedEmails = new Set<string>();
  const received = new Map<string, number>();
  /** How long it thinks over each request; a request whose sender is gone by then is not kept. */
  const timing = { delayMs: 0, inFlight: 0 };
  let requests = 0;
  const pace = new PlatformPace(options.pace);

  const read = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    });

  const server = createServer(pace.wrap(async (request, response) => {
    requests++;
    const body = await read(request);
    const refuse = (reason: string) => {
      violations.push(reason);
      response.writeHead(400, { "content-type": "text/plain" }).end(`contract: ${reason}`);
    };
    if (request.method !== "POST" || request.url !== "/hooks/backfill") return refuse(`${request.method} ${request.url}`);
    if (request.headers["content-type"] !== "application/json; charset=utf-8") return refuse("content type");
    const key = request.headers["idempotency-key"];
    if (typeof key !== "string" || !/^[0-9a-f]{32}$/.test(key)) return refuse("idempotency key");
    const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
    const given = Buffer.from(String(request.headers["x-backfill-signature"] ?? ""));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse("signature");
    const parsed = payloadSchema.safeParse(JSON.parse(body));
    if (!parsed.success) return refuse(`body: ${parsed.error.issues[0].message}`);

    if (timing.delayMs > 0) {
      timing.inFlight++;
      await new Promise((resolve) => setTimeout(resolve, timing.delayMs));
      timing.inFlight--;
      // A receiver that commits what it takes with its answer: nobody left to answer, nothing kept.
      if (request.socket.destroyed) return;
    }
    const bad = parsed.data.events.find((event) => refusedEmails.has(event.email));
    if (bad) {
      response.writeHead(400, { "content-type": "text/plain" }).end(`event ${bad.id}: ${bad.email} is not accepted here`);
      return;
    }
    const next = script.shift();
    if (next?.hangMs) await new Promise((resolve) => setTimeout(resolve, next.hangMs));
    if (next && next.status !== 200) {
      const headers: Record<string, string> = { "content-type": "text/plain" };
      if (next.retryAfter) headers["retry-after"] = next.retryAfter;
      response.writeHead(next.status, headers).end(next.body ?? "");
      return;
    }
    // A receiver may take part of a batch: it names the events it refused, and keeps the others.
    const refused = next?.refuseEvery ? parsed.data.events.filter((_, i) => i % next.refuseEvery! === 0) : [];
    const taken = parsed.data.events.filter((event) => !refused.includes(event));
    if (!deliveries.has(key)) deliveries.set(key, taken);
    for (const event of taken) received.set(event.id, (received.get(event.id) ?? 0) + 1);
    const rejected = refused.map((event) => ({ id: event.id, reason: `${event.email} is unsubscribed` }));
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ rejected }));
  }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks/backfill`,
    deliveries,
    received,
    refusedEmails,
    timing,
    violations,
    script,
    pace: pace.counts,
    requestCount: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
