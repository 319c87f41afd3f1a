import "server-only";
import { Server, type IncomingMessage, type ServerResponse } from "node:http";

/**
 * Work done on each request as this process's HTTP server receives it, before Next.js sees it:
 * Next.js gives our code no earlier hook, and some requests (a TRACE, a path that does not decode)
 * fail inside it before proxy.ts runs. A check returns true when it has answered the request itself.
 */
export type ArrivalCheck = (request: IncomingMessage, response: ServerResponse) => boolean;

const installed = globalThis as unknown as { backfillArrivalChecks?: ArrivalCheck[] };

/**
 * Adds a check, in order, to every request's arrival. The server's `request` event is wrapped once
 * per process; requests that came in before (while Next.js was still starting) are not checked.
 */
export function onArrival(check: ArrivalCheck): void {
  if (!installed.backfillArrivalChecks) {
    const checks: ArrivalCheck[] = [];
    installed.backfillArrivalChecks = checks;
    const emit = Server.prototype.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
    Server.prototype.emit = function arrived(this: Server, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const [request, response] = args as [IncomingMessage, ServerResponse];
        for (const one of checks) if (one(request, response)) return true;
      }
      return emit.call(this, event, ...args);
    } as typeof Server.prototype.emit;
  }
  installed.backfillArrivalChecks.push(check);
}
