import { afterEach, describe, expect, it, vi } from "vitest";
import { WorkerClient, type WorkerPort } from "./worker-client";

type Request =
  | { type: "echo"; requestId: number; text: string }
  | { type: "slow"; requestId: number; ms: number }
  | { type: "boom"; requestId: number }
  | { type: "note"; text: string };
type Response =
  | { type: "echoed"; requestId: number; text: string }
  | { type: "slept"; requestId: number; ms: number }
  | { type: "failed"; requestId?: number; message: string }
  | { type: "news"; text: string };
type Replies = { echo: Extract<Response, { type: "echoed" }>; slow: Extract<Response, { type: "slept" }>; boom: Extract<Response, { type: "echoed" }> };

const channels: MessageChannel[] = [];

/** A worker on the other end of a real MessageChannel: it answers echo and slow, fails boom, and tells news. */
function connect() {
  const channel = new MessageChannel();
  channels.push(channel);
  const worker = channel.port2;
  const seen: Request[] = [];
  worker.addEventListener("message", (event) => {
    const request = (event as MessageEvent<Request>).data;
    seen.push(request);
    if (request.type === "echo") worker.postMessage({ type: "echoed", requestId: request.requestId, text: request.text });
    if (request.type === "slow") setTimeout(() => worker.postMessage({ type: "slept", requestId: request.requestId, ms: request.ms }), request.ms);
    if (request.type === "boom") worker.postMessage({ type: "failed", requestId: request.requestId, message: "No file has been read yet." });
    if (request.type === "note") worker.postMessage({ type: "news", text: request.text });
  });
  const news: Response[] = [];
  const failures: Error[] = [];
  const client = new WorkerClient<Request, Response, Replies>(channel.port1 as unknown as WorkerPort, {
    onMessage: (message) => news.push(message),
    onFailure: (error) => failures.push(error),
  });
  return { client, port: channel.port1, seen, news, failures };
}

afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

describe("WorkerClient", () => {
  it("settles each request with its own reply, whatever order the replies come in", async () => {
    const { client, seen } = connect();
    const slow = client.request("slow", { ms: 30 });
    const quick = client.request("echo", { text: "first" });
    const other = client.request("echo", { text: "second" });
    expect(client.waiting).toBe(3);
    await expect(quick).resolves.toEqual({ type: "echoed", requestId: 2, text: "first" });
    await expect(other).resolves.toMatchObject({ text: "second" });
    await expect(slow).resolves.toMatchObject({ type: "slept", ms: 30 });
    expect(seen.map((request) => request.type === "note" ? null : request.requestId)).toEqual([1, 2, 3]);
    expect(client.waiting).toBe(0);
  });

  it("hands the worker's other messages on, and posts messages without a reply", async () => {
    const { client, news } = connect();
    client.post({ type: "note", text: "progress" });
    await client.request("echo", { text: "after" });
    expect(news).toEqual([{ type: "news", text: "progress" }]);
  });

  it("rejects the one request the worker could not answer, and keeps answering the others", async () => {
    const { client, failures } = connect();
    const failed = client.request("boom", {});
    const fine = client.request("echo", { text: "still here" });
    await expect(failed).rejects.toThrow("No file has been read yet.");
    await expect(fine).resolves.toMatchObject({ text: "still here" });
    expect(failures).toEqual([]);
  });

  it("rejects every pending request when the worker fails, and every later one, and says so once", async () => {
    const { client, port, failures } = connect();
    const pending = [client.request("slow", { ms: 50 }), client.request("slow", { ms: 60 })];
    port.dispatchEvent(Object.assign(new Event("error"), { message: "Uncaught RangeError: Array buffer allocation failed" }));
    for (const request of pending) await expect(request).rejects.toThrow("The worker failed: Uncaught RangeError: Array buffer allocation failed");
    await expect(client.request("echo", { text: "too late" })).rejects.toThrow("The worker failed");
    port.dispatchEvent(new Event("error"));
    expect(failures.map((error) => error.message)).toEqual(["The worker failed: Uncaught RangeError: Array buffer allocation failed"]);
    expect(client.waiting).toBe(0);
  });

  it("rejects what waits when a message from the worker cannot be read", async () => {
    const { client, port, failures } = connect();
    const pending = client.request("slow", { ms: 50 });
    port.dispatchEvent(new Event("messageerror"));
    await expect(pending).rejects.toThrow("The worker sent a message that could not be read.");
    expect(failures).toHaveLength(1);
  });

  it("rejects what waits when the worker is stopped, and stops the worker itself", async () => {
    const terminate = vi.fn();
    const listeners = new Map<string, (event: Event) => void>();
    const posted: unknown[] = [];
    const port: WorkerPort = {
      postMessage: (message) => posted.push(message),
      addEventListener: (type, listener) => listeners.set(type, listener),
      removeEventListener: (type) => listeners.delete(type),
      terminate,
    };
    const onFailure = vi.fn();
    const client = new WorkerClient<Request, Response, Replies>(port, { onMessage: () => {}, onFailure });
    const pending = client.request("echo", { text: "never answered" });
    expect(posted).toEqual([{ type: "echo", requestId: 1, text: "never answered" }]);
    client.terminate();
    await expect(pending).rejects.toThrow("The worker was stopped before it answered.");
    expect(terminate).toHaveBeenCalledTimes(1);
    expect(listeners.size).toBe(0);
    expect(onFailure).not.toHaveBeenCalled();
    client.post({ type: "note", text: "ignored" });
    expect(posted).toHaveLength(1);
  });

  it("rejects a request whose message cannot be sent, and forgets it", async () => {
    const { client } = connect();
    await expect(client.request("echo", { text: (() => "a function") as unknown as string })).rejects.toThrow();
    expect(client.waiting).toBe(0);
  });
});
