/**
 * Requests to a worker, each a promise of its one reply. A request is posted with a fresh
 * `requestId`; the worker's reply carries the same id and settles the promise: `{ type: "failed",
 * requestId, message }` rejects it, any other reply fulfils it. Messages without a pending id are
 * the worker's own news (progress, summaries) and go to `onMessage`.
 *
 * A worker that fails (an `error` or `messageerror` event) is stopped: every pending request is
 * rejected with an Error that says so, as is every later one, and `onFailure` is told once. So is
 * every request when the owner stops the worker. Nothing waits forever for a worker that is gone.
 */

/** The side of a Worker, or of a MessagePort, that the page talks to. */
export type WorkerPort = {
  postMessage(message: unknown): void;
  addEventListener(type: "message" | "messageerror" | "error", listener: (event: Event) => void): void;
  removeEventListener(type: "message" | "messageerror" | "error", listener: (event: Event) => void): void;
  /** A Worker's. */
  terminate?(): void;
  /** A MessagePort's. */
  close?(): void;
};

type Pending = { resolve: (reply: never) => void; reject: (error: Error) => void };

export type WorkerClientEvents<Response> = {
  onMessage: (message: Response) => void;
  onFailure?: (error: Error) => void;
};

const EVENTS = ["message", "messageerror", "error"] as const;

export class WorkerClient<
  Request extends { type: string },
  Response extends { type: string },
  Replies extends { [K in Request["type"]]?: Response },
> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stopped: Error | null = null;
  private readonly listener = (event: Event) => this.receive(event);

  constructor(
    private readonly port: WorkerPort,
    private readonly events: WorkerClientEvents<Response>,
  ) {
    for (const type of EVENTS) port.addEventListener(type, this.listener);
  }

  /** Posts a message that has no reply of its own. Ignored once the worker is stopped. */
  post(message: Request): void {
    if (!this.stopped) this.port.postMessage(message);
  }

  /** Asks the worker; the promise settles with its reply, or rejects when the worker fails first. */
  request<K extends keyof Replies & Request["type"]>(type: K, params: Omit<Extract<Request, { type: K }>, "type" | "requestId">): Promise<NonNullable<Replies[K]>> {
    if (this.stopped) return Promise.reject(this.stopped);
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as Pending["resolve"], reject });
      try {
        this.port.postMessage({ ...params, type, requestId });
      } catch (error) {
        // A message that cannot be cloned never reaches the worker.
        this.pending.delete(requestId);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** How many requests wait for their reply. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Stops the worker; whatever waits is rejected. */
  terminate(): void {
    this.stop(new Error("The worker was stopped before it answered."));
  }

  private receive(event: Event): void {
    if (this.stopped) return;
    if (event.type === "error") {
      const detail = (event as ErrorEvent).message;
      this.fail(new Error(`The worker failed${detail ? `: ${detail}` : "."}`));
      return;
    }
    if (event.type === "messageerror") {
      this.fail(new Error("The worker sent a message that could not be read."));
      return;
    }
    const message = (event as MessageEvent<Response>).data;
    const requestId = (message as { requestId?: unknown }).requestId;
    const waiting = typeof requestId === "number" ? this.pending.get(requestId) : undefined;
    if (!waiting) {
      this.events.onMessage(message);
      return;
    }
    this.pending.delete(requestId as number);
    if (message.type === "failed") waiting.reject(new Error((message as { message?: string }).message ?? "The worker could not answer."));
    else waiting.resolve(message as never);
  }

  private fail(error: Error): void {
    this.stop(error);
    this.events.onFailure?.(error);
  }

  private stop(error: Error): void {
    if (this.stopped) return;
    this.stopped = error;
    for (const type of EVENTS) this.port.removeEventListener(type, this.listener);
    if (this.port.terminate) this.port.terminate();
    else this.port.close?.();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of pending) reject(error);
  }
}
