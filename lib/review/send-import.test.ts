import { describe, expect, it } from "vitest";
import { packRowsText, stagedBatchTextSchema } from "@/lib/contract/staged-rows";
import { sendImport, type ImportServer, type SendPlan, type SentBatch } from "./send-import";

const handle = { importId: "6b0c1c1e-8f3c-4a57-9d0b-2f0f7c1f4b10", token: "t" };

function rowsOf(seq: number): SentBatch {
  return { text: packRowsText([0, 1].map((k) => ({ row: seq * 2 + k + 2, email: `u${seq}${k}@example.com`, event_name: "x", time: "2024-01-01", params: {} }))), rows: 2 };
}

function planOf(batchCount: number, fetchBatch: SendPlan["fetchBatch"] = async (seq) => rowsOf(seq)) {
  const progress: number[] = [];
  const plan: SendPlan = {
    fileName: "events.csv", destination: "builtin", columns: { email: "email", event_name: "event_name", time: "time", params: [] }, timeZone: "UTC",
    dateOrder: null, eventName: null, jsonParams: [], remember: null, triggerCampaigns: false, fileBytes: 100, rows: batchCount * 2,
    batchCount, fetchBatch, onProgress: (sent) => progress.push(sent),
  };
  return { plan, progress };
}

/** A server that keeps what it is sent, and fails the calls `failStage` says to. */
function serverOf(failStage: (seq: number, attempt: number) => "refuse" | "drop" | null = () => null) {
  const calls: string[] = [];
  const staged = new Map<number, number>();
  const attempts = new Map<number, number>();
  const server: ImportServer = {
    createImport: async (input) => {
      calls.push(`create ${input.fileName} ${input.rows}`);
      return { ok: true, ...handle };
    },
    stageRows: async ({ seq, rows, importId }) => {
      const attempt = (attempts.get(seq) ?? 0) + 1;
      attempts.set(seq, attempt);
      const failure = failStage(seq, attempt);
      if (failure === "drop") throw new Error("fetch failed");
      if (failure === "refuse") return { ok: false, error: `Batch ${seq} was refused.` };
      if (importId !== handle.importId) return { ok: false, error: "Not yours." };
      // The text as the server reads it back.
      const batch = stagedBatchTextSchema.parse(rows);
      staged.set(seq, batch.rows.length);
      return { ok: true, staged: batch.rows.length, rejected: 0 };
    },
    commitImport: async ({ importId }) => {
      calls.push(`commit ${importId === handle.importId}`);
      return { ok: true, total: [...staged.values()].reduce((a, b) => a + b, 0) };
    },
  };
  return { server, calls, staged, attempts };
}

const noWait = () => 0;

describe("sendImport", () => {
  it("continuing a stopped upload sends only the calls that never arrived, counting from what the server has", async () => {
    const { plan, progress } = planOf(5);
    const { server, calls, attempts } = serverOf();
    const continued = { ...plan, continued: { seqs: new Set([0, 2, 3]), rows: 6 } };
    expect(await sendImport(continued, handle, server, noWait)).toEqual({ ok: true, importId: handle.importId });
    expect([...attempts.keys()].sort()).toEqual([1, 4]);
    expect(calls).toEqual(["commit true"]);
    expect(progress).toEqual([8, 10]);
  });

  it("creates the import, stages every batch under its number, and commits", async () => {
    const { plan, progress } = planOf(7);
    const { server, calls, staged } = serverOf();
    expect(await sendImport(plan, null, server, noWait)).toEqual({ ok: true, importId: handle.importId });
    expect(calls).toEqual(["create events.csv 14", "commit true"]);
    expect([...staged.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(progress.at(-1)).toBe(14);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it("sends a failed batch again under the same number", async () => {
    const { plan } = planOf(3);
    const { server, attempts, staged } = serverOf((seq, attempt) => (seq === 1 && attempt < 3 ? (attempt === 1 ? "drop" : "refuse") : null));
    expect((await sendImport(plan, null, server, noWait)).ok).toBe(true);
    expect(attempts.get(1)).toBe(3);
    expect(staged.get(1)).toBe(2);
  });

  it("stops after four attempts, keeps the import to try again, and then stages without creating it again", async () => {
    const { plan } = planOf(3);
    let refusing = true;
    const { server, calls, attempts } = serverOf((seq) => (refusing && seq === 2 ? "refuse" : null));
    const failed = await sendImport(plan, null, server, noWait);
    expect(failed).toEqual({ ok: false, error: "Sending stopped: Batch 2 was refused. Rows already sent are kept.", handle });
    expect(attempts.get(2)).toBe(4);
    expect(calls).toEqual(["create events.csv 6"]);
    refusing = false;
    expect(await sendImport(plan, handle, server, noWait)).toEqual({ ok: true, importId: handle.importId });
    expect(calls).toEqual(["create events.csv 6", "commit true"]);
  });

  it("stops with the worker's failure when a batch cannot be had", async () => {
    const { plan } = planOf(4, async (seq) => {
      if (seq === 1) throw new Error("The worker failed: out of memory");
      return rowsOf(seq);
    });
    const { server, calls } = serverOf();
    const outcome = await sendImport(plan, null, server, noWait);
    expect(outcome).toEqual({ ok: false, error: "Sending stopped: The worker failed: out of memory Rows already sent are kept.", handle });
    expect(calls).not.toContain("commit true");
  });

  it("starts no call after Cancel, waits for those in flight, and commits nothing", async () => {
    const cancel = new AbortController();
    const { plan } = planOf(20);
    plan.cancel = cancel.signal;
    const { server, calls, staged } = serverOf((seq) => {
      if (seq === 4) cancel.abort();
      return null;
    });
    expect(await sendImport(plan, null, server, noWait)).toEqual({ ok: false, cancelled: true, handle });
    expect(calls).toEqual(["create events.csv 40"]);
    // The calls already started when Cancel came (three at a time) end; no other begins.
    expect(staged.size).toBeLessThanOrEqual(7);
    expect(staged.size).toBeGreaterThanOrEqual(5);
  });

  it("says so when the import cannot be created", async () => {
    const { plan } = planOf(1);
    const { server } = serverOf();
    server.createImport = async () => {
      throw new Error("fetch failed");
    };
    expect(await sendImport(plan, null, server, noWait)).toEqual({ ok: false, error: "The connection to the server failed.", handle: null });
  });
});
