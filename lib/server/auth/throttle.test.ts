import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { clientFrom } from "./client-address";
import { HASHES_AT_ONCE, HASHES_WAITING, HashesBusy } from "./hash-slots";
import { hashPassword, verifyPassword } from "./password";
import { ACCOUNT_ATTEMPTS_PER_CLIENT, CLIENT_ATTEMPTS, reserveSignIn, settleSignIn } from "./throttle";

let database: Database;
let url: string | null;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ database, url, dispose } = await openTestDb());
});
afterAll(() => dispose());

describe("sign-in attempts are counted before any password is checked", () => {
  it("lets no more than the limit through when guesses arrive all at once", async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => reserveSignIn(database.sql, "burst@example.com", "10.0.0.1")));
    expect(results.filter((result) => result.ok)).toHaveLength(ACCOUNT_ATTEMPTS_PER_CLIENT);
    expect(results.find((result) => !result.ok)).toEqual({ ok: false, error: "Too many failed sign-ins for this address: try again in 15 minutes." });
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)("holds across two processes guessing at once on PostgreSQL", async () => {
    const run = promisify(execFile);
    const guess = () =>
      run("npx", ["tsx", "--conditions=react-server", "lib/server/testing/reserve-sign-ins.ts", "two@example.com", "10.0.0.2", "25"], {
        env: { ...process.env, DATABASE_URL: url! },
      });
    const [first, second] = await Promise.all([guess(), guess()]);
    expect(Number(first.stdout) + Number(second.stdout)).toBe(ACCOUNT_ATTEMPTS_PER_CLIENT);
  }, 120_000);

  it("stops checking a client's flood of different addresses at its own limit", async () => {
    const results = await Promise.all(
      Array.from({ length: CLIENT_ATTEMPTS + 15 }, (_, i) => reserveSignIn(database.sql, `nobody${i}@example.com`, "10.0.0.3")),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(CLIENT_ATTEMPTS);
    expect(results.find((result) => !result.ok)).toEqual({ ok: false, error: "Too many sign-ins from your network: try again in 15 minutes." });
    // Another client is not held back by that one.
    expect(await reserveSignIn(database.sql, "nobody0@example.com", "10.0.0.4")).toMatchObject({ ok: true });
  });

  it("gives a successful sign-in its attempt back, and clears that client's count for the address", async () => {
    for (let i = 0; i < ACCOUNT_ATTEMPTS_PER_CLIENT - 1; i++) await reserveSignIn(database.sql, "back@example.com", "10.0.0.5");
    const last = await reserveSignIn(database.sql, "back@example.com", "10.0.0.5");
    expect(last.ok).toBe(true);
    await settleSignIn(database.sql, last as { client: string; email: string }, true);
    expect(await reserveSignIn(database.sql, "BACK@example.com ", "10.0.0.5")).toMatchObject({ ok: true });
  });
});

describe("the client's address", () => {
  it("is the socket's peer unless TRUST_PROXY says how many proxies added themselves to X-Forwarded-For", () => {
    expect(clientFrom("127.0.0.1", "203.0.113.9", 0)).toBe("127.0.0.1");
    expect(clientFrom("::ffff:10.1.2.3", undefined, 0)).toBe("10.1.2.3");
    // One proxy: the address it saw (the last entry), not what the client wrote before it.
    expect(clientFrom("10.0.0.1", "6.6.6.6, 203.0.113.9", 1)).toBe("203.0.113.9");
    expect(clientFrom("10.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.2", 2)).toBe("203.0.113.9");
    // More proxies trusted than there are entries: the farthest address known.
    expect(clientFrom("10.0.0.1", undefined, 2)).toBe("10.0.0.1");
    expect(clientFrom("10.0.0.1", "<script>", 1)).toBe("unknown");
  });
});

describe("password hashes", () => {
  it("run a few at a time, and a flood beyond those waiting is refused at once rather than queued", async () => {
    const stored = await hashPassword("a long passphrase");
    const outcomes = await Promise.allSettled(Array.from({ length: HASHES_AT_ONCE + HASHES_WAITING + 6 }, () => verifyPassword("wrong one", stored)));
    const busy = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(busy).toHaveLength(6);
    expect((busy[0] as PromiseRejectedResult).reason).toBeInstanceOf(HashesBusy);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled" && outcome.value === false)).toHaveLength(HASHES_AT_ONCE + HASHES_WAITING);
    expect(await verifyPassword("a long passphrase", stored)).toBe(true);
  });
});
