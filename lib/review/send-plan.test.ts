import { describe, expect, it } from "vitest";
import { unpackRows } from "@/lib/contract/staged-rows";
import { MAX_BATCH_CHARS, batchRows, planBatches, wireBytes } from "./send-plan";
import { ReviewStore } from "./store";
import { storeOf } from "./test-store";

describe("planBatches", () => {
  it("starts a new call before the rows' characters pass the limit, whatever the row count", async () => {
    const note = "n".repeat(90_000);
    const lines = ["email,event_name,time,note"];
    for (let i = 0; i < 25; i++) lines.push(`u${i}@example.com,x,2024-01-01,${note}`);
    const store = await storeOf(lines.join("\n"));
    const plan = planBatches(store, 500);
    expect(plan.starts).toEqual([0, 11, 22]);
    const sizes = plan.starts.map((_, seq) => JSON.stringify(batchRows(store, plan, seq)).length);
    for (const size of sizes) expect(size).toBeLessThan(MAX_BATCH_CHARS);
    expect(plan.starts.flatMap((_, seq) => batchRows(store, plan, seq).map((row) => row.row))).toEqual(Array.from({ length: 25 }, (_, i) => i + 2));
  });

  it("sends an empty file in no call, and refuses a call that is not planned", async () => {
    const store = new ReviewStore(["email", "event_name", "time"], { email: 0, event_name: 1, time: 2, params: [] }, { timeZone: "UTC", nowMs: 0 });
    const plan = planBatches(store, 500);
    expect(plan.starts).toEqual([]);
    expect(() => batchRows(store, plan, 0)).toThrow("There is no batch 0.");
  });

  it("drops the store's plan when the rows change after it", async () => {
    const store = await storeOf("email,event_name,time\na@example.com,x,2024-01-01\nb@example.com,x,2024-01-01\n");
    expect(store.planBatches(1)).toBe(2);
    expect(unpackRows(store.batch(1))).toEqual([{ row: 3, email: "b@example.com", event_name: "x", time: "2024-01-01", params: {} }]);
    store.fix(0, 1, "y");
    expect(() => store.batch(0)).toThrow(RangeError);
  });
});

describe("wireBytes", () => {
  /** What a value takes in the request: inside the call's JSON text, inside the action's JSON body. */
  const onTheWire = (value: string) => Buffer.byteLength(JSON.stringify(JSON.stringify(value))) - 2;

  it("is what a value takes in the request, or more, whatever its characters", () => {
    const samples = ["ann@example.com", "", 'say "hi"', "back\\slash", "line\nbreak\ttab\u0001", "Київ", "東京", "🎉 party", "\ud83d alone", "\udc00 low", "\u007f"];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 2_000; n++) {
      samples.push(Array.from({ length: next() % 40 }, () => String.fromCharCode(next() % 3 === 0 ? next() % 0x80 : next() % 0x10000)).join(""));
    }
    for (const value of samples) expect(wireBytes(value), JSON.stringify(value)).toBeGreaterThanOrEqual(onTheWire(value));
  });

  it("is exact for plain text, and never far above it for letters past ASCII", () => {
    for (const value of ["ann@example.com", "purchase", "2024-01-15 10:30", 'a "quoted" word', "C:\\files"]) expect(wireBytes(value)).toBe(onTheWire(value));
    for (const value of ["Київ", "東京", "🎉"]) expect(wireBytes(value)).toBe(onTheWire(value));
  });
});

