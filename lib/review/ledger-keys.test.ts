import { describe, expect, it } from "vitest";
import { loadDedupHasher, loadMomentHasher } from "@/lib/events/dedup";
import { checkEvent } from "@/lib/events/row";
import { ledgerKeys } from "./ledger-keys";
import { storeOf } from "./test-store";

const nowMs = Date.parse("2026-11-25T12:00:00Z");
const FILE = [
  "email,event_name,time,plan",
  "Ann@Example.com,signup,2024-01-01 10:00,pro",
  "broken,signup,2024-01-01,pro",
  "bob@example.com,order,2024-02-01 09:30+02:00,free",
  "Ann@Example.com,signup,2024-01-01 10:00,pro",
].join("\n");


describe("the review's questions to the ledger", () => {
  it("are the dedup keys the server stores for the same rows, for the valid first-seen rows only", async () => {
    const store = await storeOf(FILE, { timeZone: "Europe/Kyiv", nowMs });
    const { keys, indices, next } = await ledgerKeys(store, 0);
    expect(indices).toEqual([0, 2]);
    expect(next).toBeNull();
    // What stageRows computes for a row: checkEvent with the import's time zone, then the hasher.
    const hash = await loadDedupHasher();
    const server = (row: { email: string; event_name: string; time: string; params: Record<string, string> }) =>
      hash(checkEvent(row, { timeZone: "Europe/Kyiv", nowMs: Date.now() }).event!);
    expect(keys).toEqual([
      server({ email: "Ann@Example.com", event_name: "signup", time: "2024-01-01 10:00", params: { plan: "pro" } }),
      server({ email: "bob@example.com", event_name: "order", time: "2024-02-01 09:30+02:00", params: { plan: "free" } }),
    ]);
    expect((await ledgerKeys(store, 0, 1)).next).toBe(1);
  });

  it("carry each row's moment key, the server's, the same for the same address, name and time with other values", async () => {
    const store = await storeOf(FILE, { timeZone: "Europe/Kyiv", nowMs });
    const { moments } = await ledgerKeys(store, 0);
    const moment = await loadMomentHasher();
    const server = (row: { email: string; event_name: string; time: string; params: Record<string, string> }) =>
      moment(checkEvent(row, { timeZone: "Europe/Kyiv", nowMs: Date.now() }).event!);
    expect(moments[0]).toBe(server({ email: "ann@example.com", event_name: "signup", time: "2024-01-01 10:00", params: { plan: "gold" } }));
    expect(moments[1]).not.toBe(moments[0]);
  });

  it("mark the rows found at the same moment with other values, with their notes, until the rows change", async () => {
    const store = await storeOf(FILE, { timeZone: "Europe/Kyiv", nowMs });
    store.markChanged(store.version, [{ index: 2, note: 'Already imported with plan "gold" on 2026-12-01.' }]);
    expect(store.changedCount).toBe(1);
    expect(store.changedExamples(5)).toEqual([{ row: 4, note: 'Already imported with plan "gold" on 2026-12-01.' }]);
    expect(store.page("changed", "", 0, 10).rows.map((row) => [row.row, row.changed])).toEqual([[4, 'Already imported with plan "gold" on 2026-12-01.']]);
    expect(store.page("all", "", 0, 10).rows[0].changed).toBeUndefined();
    store.fix(1, 0, "carol@example.com");
    expect(store.changedCount).toBe(0);
  });

  it("mark the rows found for the filter, until the rows change", async () => {
    const store = await storeOf(FILE, { timeZone: "Europe/Kyiv", nowMs });
    store.markDelivered(store.version, [2]);
    expect(store.deliveredCount).toBe(1);
    expect(store.page("delivered", "", 0, 10).rows.map((row) => row.row)).toEqual([4]);
    store.markDelivered(store.version - 1, [0]);
    expect(store.deliveredCount).toBe(1);
    store.fix(1, 0, "carol@example.com");
    expect(store.deliveredCount).toBe(0);
    expect(store.page("delivered", "", 0, 10).total).toBe(0);
  });
});
