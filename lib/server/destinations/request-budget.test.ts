import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { PACE_SHARE, readBudget, requestBudget } from "./request-budget";

/**
 * The account's request budget in the database, as every sender shares it: slots one interval apart,
 * a 429 that halves the pace once and holds everyone back for its Retry-After, and answers that give
 * the pace back up to the limit, never past it. Two budgets over one account are one budget.
 */
let database: Database;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
});
afterAll(async () => {
  await dispose();
});

/** A budget whose waits are recorded instead of slept. */
function recorded(identity: string, limit: number) {
  const waits: number[] = [];
  const budget = requestBudget(database.sql, identity, limit, { sleep: async (ms) => void waits.push(ms) });
  return { budget, waits };
}

describe("request budget", () => {
  it("gives every sender of an account the next slot, one interval apart", async () => {
    const one = recorded("account-a", 10);
    const other = recorded("account-a", 10);
    for (let i = 0; i < 3; i++) {
      await one.budget.take();
      await other.budget.take();
    }
    const interval = 1000 / (10 * PACE_SHARE);
    const waits = [0, ...one.waits, ...other.waits].sort((a, b) => a - b);
    // Six takes, five of them waiting: slots 1 to 5 intervals on (less the moments the calls took).
    expect(waits).toHaveLength(6);
    waits.slice(1).forEach((wait, i) => {
      expect(wait).toBeGreaterThan((i + 1) * interval - 50);
      expect(wait).toBeLessThanOrEqual((i + 1) * interval + 1);
    });
    // Another account's slots are its own.
    const elsewhere = recorded("account-b", 10);
    await elsewhere.budget.take();
    expect(elsewhere.waits).toEqual([]);
  });

  it("halves the pace once for the 429s of one block, holds everyone back for Retry-After, and grows back to the limit", async () => {
    const { budget, waits } = recorded("account-c", 100);
    await budget.take();
    await budget.throttled(2_000);
    await budget.throttled(2_000);
    expect((await readBudget(database.sql, "account-c"))!.rate).toBeCloseTo(100 * PACE_SHARE / 2, 5);
    const other = recorded("account-c", 100);
    await other.budget.take();
    expect(other.waits[0]).toBeGreaterThan(1_900);
    for (let i = 0; i < 60; i++) await budget.answered();
    expect((await readBudget(database.sql, "account-c"))!.rate).toBeCloseTo(100 * PACE_SHARE, 5);
    expect(waits).toEqual([]);
  });

  it("keeps to a limit configured lower since", async () => {
    await recorded("account-d", 100).budget.take();
    const lower = recorded("account-d", 2);
    await lower.budget.take();
    await lower.budget.take();
    expect((await readBudget(database.sql, "account-d"))!.rate).toBeCloseTo(2 * PACE_SHARE, 5);
    expect(lower.waits.at(-1)).toBeGreaterThan(1000 / (2 * PACE_SHARE) - 50);
  });
});
