import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";

/**
 * How a platform across a network answers: after a latency, and with a 429 past its rate limit. The
 * limit is read strictly: a request is refused when the second before it already holds the limit's
 * count of requests, refused ones included (a platform counts what it is sent, not what it took).
 * Yespo's past events and Customer.io's Track API allow 100 requests a second for an account; Klaviyo
 * counts two fixed windows at once, a burst per second and a steady rate per minute.
 */
export type PaceOptions = {
  /** How long each answer takes, as a platform 100–300 ms away does. */
  latencyMs?: number;
  /** Requests in any second before the next is answered 429; none, no limit. */
  requestsPerSecond?: number;
  /** Requests in any minute before the next is answered 429 (Klaviyo's steady limit); none, no limit. */
  requestsPerMinute?: number;
  /** The Retry-After of its 429s, in seconds. */
  retryAfterSeconds?: number;
};

const WINDOW_MS = 1_000;
const MINUTE_MS = 60_000;

/** What a paced server saw: how many it refused for the limit, and the most requests it held at once. */
export type PaceCounts = { throttled: number; inFlight: number; maxInFlight: number; requests: number };

export class PlatformPace {
  readonly counts: PaceCounts = { throttled: 0, inFlight: 0, maxInFlight: 0, requests: 0 };
  private readonly arrivals: number[] = [];
  private head = 0;
  private minuteHead = 0;

  constructor(private readonly options: PaceOptions = {}) {}

  /** Counts the request; true when it is over the limit and must be answered 429. */
  overLimit(now = performance.now()): boolean {
    this.counts.requests++;
    while (this.head < this.arrivals.length && this.arrivals[this.head] <= now - WINDOW_MS) this.head++;
    const perMinute = this.options.requestsPerMinute;
    while (this.minuteHead < this.head && (perMinute === undefined || this.arrivals[this.minuteHead] <= now - MINUTE_MS)) this.minuteHead++;
    if (this.minuteHead > 4_096) {
      this.arrivals.splice(0, this.minuteHead);
      this.head -= this.minuteHead;
      this.minuteHead = 0;
    }
    const limit = this.options.requestsPerSecond;
    const over =
      (limit !== undefined && this.arrivals.length - this.head >= limit) ||
      (perMinute !== undefined && this.arrivals.length - this.minuteHead >= perMinute);
    this.arrivals.push(now);
    if (over) this.counts.throttled++;
    return over;
  }

  latency(): Promise<void> {
    const ms = this.options.latencyMs ?? 0;
    return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
  }

  /**
   * The server's handler behind the pace: every request to the platform's own paths (not `exempt`,
   * the test's side doors) waits out the latency, and one over the limit is answered 429 with
   * Retry-After instead of being handled.
   */
  wrap(handler: RequestListener, exempt: (url: string) => boolean = () => false): RequestListener {
    return async (request: IncomingMessage, response: ServerResponse) => {
      if (exempt(request.url ?? "")) return handler(request, response);
      const over = this.overLimit();
      this.counts.inFlight++;
      this.counts.maxInFlight = Math.max(this.counts.maxInFlight, this.counts.inFlight);
      response.once("close", () => this.counts.inFlight--);
      await this.latency();
      if (!over) return handler(request, response);
      request.resume();
      const retryAfter = String(this.options.retryAfterSeconds ?? 1);
      response.writeHead(429, { "content-type": "text/plain; charset=utf-8", "retry-after": retryAfter }).end("Too many requests");
    };
  }
}

/** The pace flags of a contract server's process: `--latency-ms` and `--rps`. */
export const PACE_ARGS = { "latency-ms": { type: "string" }, rps: { type: "string" } } as const;

export function paceFromArgs(values: { "latency-ms"?: string; rps?: string }): PaceOptions {
  return {
    ...(values["latency-ms"] ? { latencyMs: Number(values["latency-ms"]) } : {}),
    ...(values.rps ? { requestsPerSecond: Number(values.rps) } : {}),
  };
}
