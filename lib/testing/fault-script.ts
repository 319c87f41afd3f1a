import type { IncomingMessage, ServerResponse } from "node:http";
import type { ZodType } from "zod";

/**
 * What a contract server answers instead of success: a status with a plain-text body, a 429 with
 * Retry-After, a 5xx, or no answer at all (`hang`). `path` limits it to one endpoint; `pass` lets
 * that request succeed, to place a fault after it.
 */
export type Fault = { status?: number; body?: string; retryAfter?: string; hang?: boolean; pass?: boolean; path?: string };

/** The faults still to be answered, in order, each to the next valid request it applies to. */
export class FaultScript {
  private readonly queue: Fault[] = [];
  private readonly hanging = new Set<ServerResponse>();

  /** Answers the next `times` requests (to `fault.path`, when given) with the fault. */
  push(fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.queue.push(fault);
  }

  /** Forgets the faults not answered yet. */
  clear(): void {
    this.queue.length = 0;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Answers with the next fault that applies and returns true, or returns false to let the request succeed. */
  answer(path: string, response: ServerResponse): boolean {
    const index = this.queue.findIndex((fault) => fault.path === undefined || fault.path === path);
    if (index === -1) return false;
    const [fault] = this.queue.splice(index, 1);
    if (fault.pass) return false;
    if (fault.hang) {
      this.hanging.add(response);
      response.on("close", () => this.hanging.delete(response));
      return true;
    }
    const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8" };
    if (fault.retryAfter) headers["retry-after"] = fault.retryAfter;
    response.writeHead(fault.status ?? 500, headers).end(fault.body ?? "");
    return true;
  }

  /** Ends the requests left hanging, so that the server can close. */
  release(): void {
    for (const response of this.hanging) response.destroy();
    this.hanging.clear();
  }
}

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", () => resolve(Buffer.concat(chunks))).on("error", reject);
  });
}

/** A request body read as JSON and checked against the contract's schema, or the reason a 400 gives. */
export function parseJsonBody<T>(raw: Buffer, schema: ZodType<T>): { ok: true; data: T } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    return { ok: false, reason: "the body is not JSON" };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}` };
  return { ok: true, data: parsed.data };
}

/** The password of an HTTP Basic `Authorization` header, or null when it is not one. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon === -1 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
