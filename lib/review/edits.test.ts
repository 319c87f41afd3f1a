import { describe, expect, it } from "vitest";
import { ReviewEdits, columnReasons, reasonKind } from "./edits";
import { storeOf } from "./test-store";

const FILE = [
  "email,event_name,time",
  "a@example.com,checkout,2024-01-05 10:00",
  "n/a,checkout,2024-01-06 10:00",
  "b@example.com,signup,soon",
  "c@example.com,checkout,later",
  "d@example.com,checkout,2024-02-30",
  "n/a,signup,2024-01-07 10:00",
].join("\n");

describe("replace in a column", () => {
  it("renames every matching value, checks the rows again, and one undo takes the whole change back", async () => {
    const store = await storeOf(FILE);
    const edits = new ReviewEdits(store);
    expect(edits.replace(1, { kind: "value", value: "checkout" }, { kind: "set", value: "Completes checkout" })).toBe(4);
    expect(store.columns[1]).toEqual(["Completes checkout", "Completes checkout", "signup", "Completes checkout", "Completes checkout", "signup"]);
    expect(edits.last).toEqual({ label: "the replace in event_name", rows: 4, steps: 1 });
    expect(edits.undo()).toBe(true);
    expect(store.columns[1]).toEqual(["checkout", "checkout", "signup", "checkout", "checkout", "signup"]);
    expect(edits.last).toBeNull();
  });

  it("leaves out every row with a value, and takes them back in with one undo", async () => {
    const store = await storeOf(FILE);
    const edits = new ReviewEdits(store);
    expect(edits.replace(0, { kind: "value", value: "n/a" }, { kind: "leave-out" })).toBe(2);
    expect(store.counts).toMatchObject({ leftOut: 2, invalid: 3 });
    edits.undo();
    expect(store.counts).toMatchObject({ leftOut: 0, invalid: 5 });
  });

  it("groups a column's problems by kind, and fixes every value of one kind at once", async () => {
    const store = await storeOf(FILE);
    const reasons = columnReasons(store, 2);
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toMatchObject({ count: 2 });
    expect(reasons[0].reason).toBe(reasonKind("`soon` is not a time we can read: use a date such as 2024-01-15, 1/15/2024, 15.01.2024 or Jan 15, " +
      "2024, optionally followed by a time such as 13:05, 1:05 PM or 13:05:07 and an offset such as +02:00 or UTC, or Unix seconds."));
    const edits = new ReviewEdits(store);
    expect(edits.replace(2, { kind: "reason", reason: reasons[0].reason }, { kind: "set", value: "2024-03-01 09:00" })).toBe(2);
    expect(store.gridRow(2).state).toBe("valid");
    expect(store.gridRow(3).state).toBe("valid");
    expect(store.gridRow(4).state).toBe("invalid");
  });

  it("makes a single fix undoable too", async () => {
    const store = await storeOf(FILE);
    const edits = new ReviewEdits(store);
    edits.fix(2, 2, "2024-03-01");
    expect(store.gridRow(2).state).toBe("valid");
    edits.undo();
    expect(store.gridRow(2)).toMatchObject({ state: "invalid", values: ["b@example.com", "signup", "soon"] });
  });

  it("keeps several steps, takes them back newest first, and says what each fixed cell held", async () => {
    const store = await storeOf(FILE);
    const edits = new ReviewEdits(store);
    edits.fix(2, 2, "2024-03-01");
    edits.fix(2, 2, "2024-03-02");
    edits.replace(1, { kind: "value", value: "signup" }, { kind: "set", value: "Signs up" });
    expect(edits.last).toEqual({ label: "the replace in event_name", rows: 2, steps: 3 });
    expect(edits.fixesAt(2)).toEqual([
      { column: 2, before: "soon", label: "the change to row 4" },
      { column: 1, before: "signup", label: "the replace in event_name" },
    ]);
    expect(edits.fixesAt(0)).toEqual([]);
    edits.undo();
    expect(edits.fixesAt(2)).toEqual([{ column: 2, before: "soon", label: "the change to row 4" }]);
    edits.undo();
    expect(store.columns[2][2]).toBe("2024-03-01");
    expect(edits.last).toMatchObject({ steps: 1 });
    edits.undo();
    expect(store.columns[2][2]).toBe("soon");
    expect(edits.fixesAt(2)).toEqual([]);
  });

  it("warns of a likely misspelt domain without stopping the row, and fixes every row with it at once", async () => {
    const store = await storeOf(["email,event_name,time", "ann@gmial.com,x,2024-01-01", "bob@gmial.com,x,2024-01-02", "cy@gmail.com,x,2024-01-03"].join("\n"));
    expect(store.counts).toMatchObject({ valid: 3, invalid: 0 });
    expect(store.gridRow(0).issues).toEqual([{ field: "email", message: "Did you mean `ann@gmail.com`? `gmial.com` looks like a misspelling." }]);
    expect(store.typos()).toEqual([{ domain: "gmial.com", suggestion: "gmail.com", count: 2 }]);
    const edits = new ReviewEdits(store);
    expect(edits.fixDomain("gmial.com", "gmail.com")).toBe(2);
    expect(store.columns[0]).toEqual(["ann@gmail.com", "bob@gmail.com", "cy@gmail.com"]);
    expect(store.typos()).toEqual([]);
    edits.undo();
    expect(store.columns[0][1]).toBe("bob@gmial.com");
  });
});
