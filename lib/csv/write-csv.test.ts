import { describe, expect, it } from "vitest";
import { parseRecords } from "./record-parser";
import { toCsv } from "./write-csv";

describe("toCsv", () => {
  it("prefixes every formula-like cell with a quote, including ones that span lines", () => {
    const csv = toCsv(["a", "b"], [
      ["=HYPERLINK(\"http://x\")", "+1"],
      ["-2", "@SUM(A1)"],
      ["\tx", "\rcarriage"],
      ["\nstarts with a line break", "=1+2\n=3+4"],
      ["plain, with comma", "2020-01-01"],
    ]);
    const [header, ...rows] = parseRecords(csv, ",");
    expect(header).toEqual(["a", "b"]);
    expect(rows).toEqual([
      ["'=HYPERLINK(\"http://x\")", "'+1"],
      ["'-2", "'@SUM(A1)"],
      ["'\tx", "'\rcarriage"],
      ["'\nstarts with a line break", "'=1+2\n=3+4"],
      ["plain, with comma", "2020-01-01"],
    ]);
  });

  it("ends lines with CRLF", () => {
    expect(toCsv(["a"], [["1"]])).toBe("a\r\n1");
  });
});
