import { describe, expect, it } from "vitest";
import { countOf, delimiterName, encodingName, formatBytes } from "./format";

describe("format", () => {
  it("writes sizes in KB, MB or GB", () => {
    expect(formatBytes(1)).toBe("1 KB");
    expect(formatBytes(1536)).toBe("2 KB");
    expect(formatBytes(5 * 1024 ** 2 + 100_000)).toBe("5.1 MB");
    expect(formatBytes(2 * 1024 ** 3)).toBe("2.0 GB");
  });

  it("names delimiters and encodings, and keeps an unknown one as it is", () => {
    expect(delimiterName("\t")).toBe("tab");
    expect(delimiterName(";")).toBe("semicolon");
    expect(delimiterName("#")).toBe("#");
    expect(encodingName("utf-8-bom")).toBe("UTF-8 (with BOM)");
    expect(encodingName("koi8-r")).toBe("koi8-r");
  });

  it("puts the noun in the count's number", () => {
    expect(countOf(1, "row")).toBe("1 row");
    expect(countOf(0, "row")).toBe("0 rows");
    expect(countOf(1200, "entry", "entries")).toBe("1,200 entries");
  });
});
