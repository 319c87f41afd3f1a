import { describe, expect, it } from "vitest";
import { countRows } from "./counts";
import { DUPLICATE, INVALID, VALID } from "./row-state";
import { storeOf } from "./test-store";

describe("countRows", () => {
  it("counts duplicates among the valid rows and left-out rows apart, up to the size given", () => {
    const states = Uint8Array.of(VALID, INVALID, DUPLICATE, VALID, INVALID, VALID, VALID);
    const leftOut = Uint8Array.of(0, 0, 0, 1, 1, 0, 0);
    expect(countRows(states, leftOut, 6)).toEqual({ total: 4, valid: 3, invalid: 1, duplicates: 1, leftOut: 2 });
    expect(countRows(states, leftOut, 0)).toEqual({ total: 0, valid: 0, invalid: 0, duplicates: 0, leftOut: 0 });
  });

  it("gives the store's counts while rows arrive and after every change, as the validator counts", async () => {
    const store = await storeOf("email,event_name,time\na@example.com,x,2024-01-01\nbad,x,2024-01-01\na@example.com,x,2024-01-01\n");
    expect(store.counts).toEqual({ total: 3, valid: 2, invalid: 1, duplicates: 1, leftOut: 0 });
    const seen = store.counts;
    seen.total = 99;
    expect(store.counts.total).toBe(3);
    store.setLeftOut([0], true);
    expect(store.counts).toEqual({ total: 2, valid: 1, invalid: 1, duplicates: 0, leftOut: 1 });
  });
});
