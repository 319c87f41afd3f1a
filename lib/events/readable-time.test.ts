import { describe, expect, it } from "vitest";
import { readableTime } from "./readable-time";

describe("readableTime", () => {
  it("gives the import's zone first, then UTC", () => {
    expect(readableTime(new Date("2015-01-02T03:05:00Z"), "Australia/Brisbane")).toBe("2 Jan 2015, 13:05 (Australia/Brisbane) · 03:05 UTC");
  });

  it("names the UTC date when it is another day, and says UTC once for UTC imports", () => {
    expect(readableTime(new Date("2015-01-01T23:05:00Z"), "Australia/Brisbane")).toBe("2 Jan 2015, 09:05 (Australia/Brisbane) · 1 Jan 2015, 23:05 UTC");
    expect(readableTime(new Date("2015-01-02T03:05:00Z"), "UTC")).toBe("2 Jan 2015, 03:05 UTC");
    expect(readableTime(new Date("2015-07-02T03:05:00Z"), "America/New_York")).toBe("1 Jul 2015, 23:05 (America/New York) · 2 Jul 2015, 03:05 UTC");
  });
});
