import { createServer, request as httpRequest } from "node:http";
import { startWebhookContract, type Scripted } from "@/lib/testing/webhook-contract";

/**
 * The webhook contract server (lib/testing), answering as a receiver across a network does (after
 * 100 ms, 429 past 20 requests a second, below the sender's budget of 50, so that its pace is found
 * by 429s), behind a loopback pass-through that counts the requests in flight, so that a kill can be
 * told apart as "mid-request" or "between batches".
 */
export async function startSoakDestination(secret: string) {
  const contract = await startWebhookContract(secret, { pace: { latencyMs: 100, requestsPerSecond: 20 } });
  const target = new URL(contract.url);
  let inFlight = 0;
  const server = createServer((incoming, outgoing) => {
    inFlight++;
    const done = () => {
      inFlight = Math.max(0, inFlight - 1);
    };
    outgoing.on("close", done);
    const forward = httpRequest(
      { host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on("error", () => outgoing.destroy());
    // A sender killed mid-request: the contract server sees the connection end too.
    incoming.on("aborted", () => forward.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    inFlight: () => inFlight,
    requestCount: contract.requestCount,
    violations: contract.violations,
    /**
     * The events the destination took for one trial (its addresses carry the trial's tag), from the
     * contract server's log: one entry per idempotency key, so an event under two keys is a double.
     */
    received(tag: string): { ids: Set<string>; doubles: number } {
      const ids = new Set<string>();
      let doubles = 0;
      for (const events of contract.deliveries.values()) {
        for (const event of events) {
          if (!event.email.includes(tag)) continue;
          if (ids.has(event.id)) doubles++;
          ids.add(event.id);
        }
      }
      return { ids, doubles };
    },
    /** This trial's faults, in order: 429s with Retry-After, 5xx, slow answers, then plain successes. */
    script(faults: Scripted[]): void {
      contract.script.splice(0, contract.script.length, ...faults);
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await contract.close();
    },
  };
}

export type SoakDestination = Awaited<ReturnType<typeof startSoakDestination>>;
