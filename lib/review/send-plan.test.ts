import { describe, expect, it } from "vitest";
import { unpackRows } from "@/lib/contract/staged-rows";
import { MAX_BATCH_CHARS, batchRows, planBatches } from "./send-plan";
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
