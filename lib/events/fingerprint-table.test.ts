import { describe, expect, it } from "vitest";
import { FingerprintTable } from "./fingerprint-table";

describe("FingerprintTable", () => {
  it("remembers the first row of each fingerprint, across its growth, and looks one up without remembering it", () => {
    const table = new FingerprintTable();
    for (let row = 1; row <= 200_000; row++) expect(table.firstRowOr(row % 50_000, (row % 50_000) * 7, row)).toBe(row <= 50_000 ? -1 : ((row - 1) % 50_000) + 1);
    expect(table.firstRow(42, 294)).toBe(42);
    expect(table.firstRow(42, 295)).toBe(-1);
    expect(table.firstRow(-1, 0)).toBe(-1);
    expect(table.firstRowOr(42, 295, 300_000)).toBe(-1);
    expect(table.firstRow(42, 295)).toBe(300_000);
  });

  it("finds the same rows when made for the number it will hold", () => {
    const table = new FingerprintTable(300_000);
    for (let row = 1; row <= 300_000; row++) table.firstRowOr(row % 1000, row, row);
    expect(table.firstRow(7, 7)).toBe(7);
    expect(table.firstRowOr(7, 7, 400_000)).toBe(7);
  });
});
