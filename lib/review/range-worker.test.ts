import { afterEach, describe, expect, it } from "vitest";
import { readRange, type RangeTask } from "@/lib/csv/read-range";
import { blobSource } from "@/lib/csv/source";
import { rangeWorkers, serveRanges } from "./range-worker";
import type { WorkerPort } from "./worker-client";

const NOW = Date.parse("2026-11-22T12:00:00Z");
const lines = ["email,event_name,time,plan"];
for (let i = 0; i < 300; i++) lines.push(i % 10 === 0 ? `broken${i},signup,2024-01-01` : `user${i % 40}@example.com,signup,2024-01-0${(i % 9) + 1}, pro `);
const file = new Blob([`${lines.join("\n")}\n`]);
const header = { headers: ["email", "event_name", "time", "plan"], facts: { encoding: "utf-8" as const, delimiter: "," as const, newline: "\n" as const } };
const cut = lines[0].length + 1 + lines.slice(1, 151).join("\n").length + 1;
const task: RangeTask = {
  start: cut, end: file.size, last: true, header, encoding: "utf-8", timeZone: "UTC", nowMs: NOW, dateOrder: "auto",
  fingerprints: true, rows: "all", withFields: true, chunkBytes: 512,
};

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

/** The file's worker's end of a channel whose other end serves ranges, as the range worker does; `terminate` closes it. */
function rangeWorker(serve = true): WorkerPort & { terminated: boolean; served: number } {
  const channel = new MessageChannel();
  channels.push(channel);
  const port = channel.port1 as unknown as WorkerPort & { terminated: boolean; served: number };
  port.served = 0;
  if (serve) {
    serveRanges(channel.port2 as unknown as Parameters<typeof serveRanges>[0]);
    channel.port2.addEventListener("message", () => port.served++);
  }
  port.terminated = false;
  port.terminate = () => {
    port.terminated = true;
    channel.port1.close();
  };
  return port;
}

describe("rangeWorkers", () => {
  it("reads the range in the other worker, with its progress, as readRange reads it here", async () => {
    const port = rangeWorker();
    const worker = rangeWorkers(() => port).forRead(file, new AbortController().signal);
    const progress: number[][] = [];
    const result = await worker.runRange(task, (bytesRead, rows) => progress.push([bytesRead, rows]));
    expect(result).toEqual(await readRange(blobSource(file), task));
    expect(result.ok && result.rows.rows.length).toBe(150);
    expect(progress.at(-1)).toEqual([file.size, 150]);
    expect(port.served).toBe(1);
    worker.close();
    expect(port.terminated).toBe(true);
  });

  it("reads the range on this thread when the worker fails or cannot start", async () => {
    const expected = await readRange(blobSource(file), task);
    const port = rangeWorker(false);
    const failing = rangeWorkers(() => port).forRead(file, new AbortController().signal);
    const reading = failing.runRange(task);
    (port as unknown as EventTarget).dispatchEvent(Object.assign(new Event("error"), { message: "Out of memory" }));
    await expect(reading).resolves.toEqual(expected);
    expect(port.terminated).toBe(true);
    // Later ranges are read here too.
    await expect(failing.runRange(task)).resolves.toEqual(expected);

    const none = rangeWorkers(() => {
      throw new Error("Workers cannot start workers here.");
    }).forRead(file, new AbortController().signal);
    await expect(none.runRange(task)).resolves.toEqual(expected);
  });

  it("stops the worker when the read is cancelled, and the range rejects with the cancel", async () => {
    const port = rangeWorker(false);
    const controller = new AbortController();
    const worker = rangeWorkers(() => port).forRead(file, controller.signal);
    const reading = worker.runRange(task);
    controller.abort(new DOMException("The read was cancelled.", "AbortError"));
    await expect(reading).rejects.toThrow("The read was cancelled.");
    expect(port.terminated).toBe(true);
    await expect(worker.runRange(task)).rejects.toThrow("The read was cancelled.");
  });

  it("stops the worker when its range is no longer wanted", async () => {
    const port = rangeWorker(false);
    const worker = rangeWorkers(() => port).forRead(file, new AbortController().signal);
    const unwanted = new AbortController();
    const reading = worker.runRange(task, undefined, unwanted.signal);
    unwanted.abort(new Error("The first range stopped the read."));
    await expect(reading).rejects.toThrow("The first range stopped the read.");
    expect(port.terminated).toBe(true);
  });

  it("keeps a worker started ahead of the read, and leaves a fresh one after it", async () => {
    const started: ReturnType<typeof rangeWorker>[] = [];
    const workers = rangeWorkers(() => {
      const port = rangeWorker();
      started.push(port);
      return port;
    });
    expect(started).toHaveLength(1);
    const read = workers.forRead(file, new AbortController().signal);
    await expect(read.runRange(task)).resolves.toEqual(await readRange(blobSource(file), task));
    expect(started.map((port) => port.served)).toEqual([1]);
    read.close();
    expect(started.map((port) => port.terminated)).toEqual([true, false]);
  });

  it("reads on this thread when the worker started ahead failed before it was needed", async () => {
    const port = rangeWorker(false);
    const workers = rangeWorkers(() => port);
    (port as unknown as EventTarget).dispatchEvent(Object.assign(new Event("error"), { message: "Could not load the script" }));
    const read = workers.forRead(file, new AbortController().signal);
    expect(port.terminated).toBe(true);
    await expect(read.runRange(task)).resolves.toEqual(await readRange(blobSource(file), task));
  });
});
