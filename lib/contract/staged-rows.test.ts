import { describe, expect, it } from "vitest";
import { packRows, stagedBatchSchema, unpackRows, type StagedRowInput } from "./staged-rows";

const rows: StagedRowInput[] = [
  { row: 2, email: "a@example.com", event_name: "signup", time: "2024-01-01", params: { plan: "pro", city: "Kyiv" } },
  { row: 3, email: "broken", event_name: "signup", time: "2024-01-01", params: { city: "Lagos", note: "cut" }, cut: "The row was too long." },
  { row: 5, email: "c@example.com", event_name: "signup", time: "2024-01-01", params: {}, leftOut: true },
];

describe("a stageRows call's rows packed by column", () => {
  it("name each parameter once and give every row back as it was", () => {
    const batch = stagedBatchSchema.parse(packRows(rows));
    expect(batch.names).toEqual(["plan", "city", "note"]);
    expect(batch.values).toEqual([["pro", "", ""], ["Kyiv", "Lagos", ""], ["", "cut", ""]]);
    expect(batch.cut).toEqual([[1, "The row was too long."]]);
    expect(batch.leftOut).toEqual([2]);
    expect(unpackRows(batch)).toEqual(rows);
  });

  it("refuse marks of rows the call does not carry, and a name given twice", () => {
    const batch = packRows(rows);
    expect(stagedBatchSchema.safeParse({ ...batch, leftOut: [3] }).error?.issues[0].message).toBe("A mark names a row the call does not carry.");
    expect(stagedBatchSchema.safeParse({ ...batch, names: ["plan", "plan", "note"] }).error?.issues[0].message).toBe("A call names each parameter once.");
    expect(stagedBatchSchema.safeParse({ ...batch, values: batch.values.slice(1) }).error?.issues[0].message).toBe("Every parameter of a call has a name.");
    expect(stagedBatchSchema.safeParse({ ...batch, time: ["2024-01-01", 5, "2024-01-01"] }).error?.issues[0]).toMatchObject({
      path: ["time"], message: "must be a list of texts of at most 1,000 characters",
    });
    expect(stagedBatchSchema.safeParse({ ...batch, email: ["x".repeat(10_001), "", ""] }).success).toBe(false);
  });
});
