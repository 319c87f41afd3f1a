import { redirect } from "next/navigation";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { action } from "./action";

// Who calls and from where; the checks behind them have tests of their own (app/**/actions.test.ts).
const request = vi.hoisted(() => ({ ownOrigin: true, caller: { ok: true, user: { id: "u1", email: "ann@example.com", role: "member" } } as object }));
vi.mock("@/lib/server/auth/current", () => ({
  fromOwnOrigin: async () => request.ownOrigin,
  actionCaller: async () => request.caller,
}));

const work = vi.fn(async (input: unknown) => ({ ok: true as const, input }));
const schema = z.object({ importId: z.uuid("not an import's id") });
const ID = "00000000-0000-4000-8000-000000000001";

beforeEach(() => {
  request.ownOrigin = true;
  request.caller = { ok: true, user: { id: "u1", email: "ann@example.com", role: "member" } };
  work.mockClear();
});

describe("a server action", () => {
  it("checks the Origin when no one need be signed in, and the caller otherwise, before it reads the input", async () => {
    request.ownOrigin = false;
    expect(await action({ role: "none", input: schema }, work)("not even an object")).toEqual({
      ok: false, error: "This request did not come from Backfill's own pages, so it was refused.",
    });
    request.caller = { ok: false, error: "Only an admin can do that." };
    expect(await action({ role: "admin", input: schema }, work)("not even an object")).toEqual({ ok: false, error: "Only an admin can do that." });
    expect(work).not.toHaveBeenCalled();
  });

  it("names the first problem of its input, under the form's label when it comes from a form", async () => {
    expect(await action({ role: "user", input: schema }, work)({ importId: "x" })).toEqual({
      ok: false, error: "The request was not valid (importId: not an import's id).",
    });
    expect(await action({ role: "user", input: schema, labels: { importId: "Import" } }, work)({ importId: "x" })).toEqual({
      ok: false, error: "Import: not an import's id",
    });
    expect(await action({ role: "user", input: schema, invalid: "This is not an import." }, work)({})).toEqual({ ok: false, error: "This is not an import." });
    expect(await action({ role: "user", input: schema }, work)({ importId: ID, extra: 1 })).toEqual({ ok: true, input: { importId: ID } });
  });

  it("refuses what the caller has no right to before any work", async () => {
    const scope = { refusal: "This import does not exist, or is not yours.", find: async ({ importId }: { importId: string }) => (importId === ID ? { id: ID } : null) };
    const cancel = action({ role: "user", input: schema, scope }, async (_input, { target }) => ({ ok: true, id: target.id }));
    expect(await cancel({ importId: "00000000-0000-4000-8000-000000000002" })).toEqual({ ok: false, error: scope.refusal });
    expect(await cancel({ importId: ID })).toEqual({ ok: true, id: ID });
  });

  it("never answers with a raw exception, but with an expected refusal's own words, and lets a redirect through", async () => {
    class Refused extends Error {}
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await action({ role: "user", failure: "Nothing was lost: try again." }, async () => {
      throw new Error("connection to 10.0.0.5:5432 refused");
    })()).toEqual({ ok: false, error: "Nothing was lost: try again." });
    expect(log).toHaveBeenCalledTimes(1);
    expect(await action({ role: "user", expected: [Refused] }, async () => {
      throw new Refused("This is the only admin.");
    })()).toEqual({ ok: false, error: "This is the only admin." });
    await expect(action({ role: "none" }, async () => redirect("/sign-in"))()).rejects.toThrow("NEXT_REDIRECT");
    log.mockRestore();
  });
});
