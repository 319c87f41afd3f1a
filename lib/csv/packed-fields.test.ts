import { describe, expect, it } from "vitest";
import { FieldPacker, packedBuffers, unpackRow } from "./packed-fields";

describe("FieldPacker", () => {
  it("gives back every row's fields as they were: empty ones, rows of any length, any character", () => {
    const rows = [
      ["ann@example.com", "signup", "2024-01-01", ""],
      [],
      [""],
      ["a,b", '"quoted"', "line\nbreak", "\u0000", "\ud83d\ude00 \ud800", "M\u00fcnchen"],
      ["", "", ""],
      ["x".repeat(100_000)],
    ];
    const packer = new FieldPacker();
    for (const row of rows) packer.push(row);
    expect(packer.size).toBe(rows.length);
    const packed = structuredClone(packer.packed());
    expect(rows.map((_, i) => unpackRow(packed, i))).toEqual(rows);
  });

  it("keeps many rows in order past its joins and growth", () => {
    const packer = new FieldPacker();
    const row = (i: number) => [`user${i}@example.com`, i % 3 === 0 ? "" : "purchase", String(i)];
    for (let i = 0; i < 100_000; i++) packer.push(row(i));
    const packed = packer.packed();
    expect(packed.rowEnds).toHaveLength(100_000);
    for (const i of [0, 1, 65_535, 65_536, 99_999]) expect(unpackRow(packed, i)).toEqual(row(i));
  });

  it("hands its offsets over as buffers to transfer", () => {
    const packer = new FieldPacker();
    packer.push(["a", "b"]);
    const packed = packer.packed();
    expect(packedBuffers(packed)).toEqual([packed.fieldEnds.buffer, packed.rowEnds.buffer]);
    expect(packedBuffers(null)).toEqual([]);
  });
});
