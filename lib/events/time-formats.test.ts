import { describe, expect, it } from "vitest";
import type { DateOrder } from "./date-order";
import { parseTime } from "./time";

const NOW = Date.parse("2026-11-22T12:00:00Z");
const read = (raw: string, order: DateOrder | null = null, zone = "UTC") => {
  const result = parseTime(raw, zone, NOW, order);
  return result.ok ? new Date(result.instantMs).toISOString() : result.message;
};

describe("numeric dates in three orders", () => {
  it.each([
    ["2024-01-15", "2024-01-15T00:00:00.000Z"],
    ["2024/1/5", "2024-01-05T00:00:00.000Z"],
    ["2024.01.15 13:05", "2024-01-15T13:05:00.000Z"],
    ["2024-1-5 9:07", "2024-01-05T09:07:00.000Z"],
  ])("reads year first %s the same whatever the column's order", (raw, expected) => {
    for (const order of [null, "YMD", "MDY", "DMY"] as const) expect(read(raw, order)).toBe(expected);
  });

  it.each([
    ["1/15/2015 13:05", "2015-01-15T13:05:00.000Z"],
    ["01-15-2015", "2015-01-15T00:00:00.000Z"],
    ["01/02/2020", "2020-01-02T00:00:00.000Z"],
    ["3/4/2020 9:30:15", "2020-03-04T09:30:15.000Z"],
  ])("reads month first %s when the column is month first", (raw, expected) => {
    expect(read(raw, "MDY")).toBe(expected);
  });

  it.each([
    ["15/01/2015", "2015-01-15T00:00:00.000Z"],
    ["15.01.2015 13:05", "2015-01-15T13:05:00.000Z"],
    ["15-01-2015", "2015-01-15T00:00:00.000Z"],
    ["01/02/2020", "2020-02-01T00:00:00.000Z"],
    ["3.4.2020", "2020-04-03T00:00:00.000Z"],
  ])("reads day first %s when the column is day first", (raw, expected) => {
    expect(read(raw, "DMY")).toBe(expected);
  });

  it("reads a value that proves its own order while the column's is not known", () => {
    expect(read("1/15/2015 13:05")).toBe("2015-01-15T13:05:00.000Z");
    expect(read("15/01/2015")).toBe("2015-01-15T00:00:00.000Z");
    expect(read("01.02.2020")).toBe("2020-02-01T00:00:00.000Z");
    expect(read("05/05/2020")).toBe("2020-05-05T00:00:00.000Z");
  });

  it("asks for the order when a date reads two ways and none is known", () => {
    expect(read("01/02/2020")).toBe(
      "`01/02/2020` can be read as 2 January 2020 (month first) or 1 February 2020 (day first): choose how the dates of this file are written.",
    );
  });

  it("says why a value contradicts the column's order", () => {
    expect(read("15/01/2015", "MDY")).toBe(
      "`15/01/2015` does not fit month/day/year, the order of the dates in this file: there is no month 15.",
    );
    expect(read("1/15/2015 13:05", "DMY")).toBe(
      "`1/15/2015` does not fit day/month/year, the order of the dates in this file: there is no month 15.",
    );
    expect(read("1/15/2015", "YMD")).toBe(
      "`1/15/2015` is written with the year last, but the dates of this file are written year first (year/month/day).",
    );
    expect(read("2/30/2020", "MDY")).toBe("`2/30/2020` is not a date: February 2020 has 29 days.");
    expect(read("31/31/2020")).toBe("`31/31/2020` is not a date: neither 31 nor 31 is a month (months go from 1 to 12).");
  });
});

describe("two-digit years, in Excel's window", () => {
  it.each([
    ["1/15/24 10:32", "MDY", "2024-01-15T10:32:00.000Z"],
    ["1/15/24 10:32", null, "2024-01-15T10:32:00.000Z"],
    ["15.01.24 10:32", null, "2024-01-15T10:32:00.000Z"],
    ["15/1/00", "DMY", "2000-01-15T00:00:00.000Z"],
    ["12/31/99 11:59 PM", "MDY", "1999-12-31T23:59:00.000Z"],
    ["15-Jan-24", null, "2024-01-15T00:00:00.000Z"],
    ["15-Jan-99", null, "1999-01-15T00:00:00.000Z"],
  ] as const)("reads %s (order %s) as %s", (raw, order, expected) => {
    expect(read(raw, order)).toBe(expected);
  });

  it("reads 29 as 2029 and 30 as 1930, and says so", () => {
    expect(read("1/15/29", "MDY")).toBe("`1/15/29` is in the future; only past events can be imported.");
    expect(read("1/15/30", "MDY")).toBe("`1/15/30` is before 1970; event times start on 1970-01-01.");
  });

  it("asks for the order of a two-digit date that reads two ways, naming the century", () => {
    expect(read("01/02/24")).toBe(
      "`01/02/24` can be read as 2 January 2024 (month first) or 1 February 2024 (day first): choose how the dates of this file are written.",
    );
  });

  it.each([["en", "MDY"], ["de", "DMY"], ["es", "DMY"], ["it", "DMY"], ["uk", "DMY"], ["nl", "DMY"]] as const)(
    "reads back the short dates %s writes", (locale, order) => {
      const format = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: "UTC" });
      for (let i = 0; i < 24; i++) {
        const date = new Date(Date.UTC(2001 + i, i % 12, 1 + i, i, 2 * i));
        expect([format.format(date), read(format.format(date), order)]).toEqual([format.format(date), date.toISOString()]);
      }
    },
  );
});

describe("times of day", () => {
  it.each([
    ["1/15/2015 1:05", "2015-01-15T01:05:00.000Z"],
    ["2024-01-15 10:32:11.123456", "2024-01-15T10:32:11.123Z"],
    ["1/15/2015T13:05:07", "2015-01-15T13:05:07.000Z"],
    ["1/15/2015 12:05 AM", "2015-01-15T00:05:00.000Z"],
    ["1/15/2015 12:05 PM", "2015-01-15T12:05:00.000Z"],
    ["1/15/2015 12:00 am", "2015-01-15T00:00:00.000Z"],
    ["1/15/2015 1:05 pm", "2015-01-15T13:05:00.000Z"],
    ["1/15/2015 11:59:59 PM", "2015-01-15T23:59:59.000Z"],
    ["1/15/2015 1:05PM", "2015-01-15T13:05:00.000Z"],
    ["1/15/2015 1:05 p.m.", "2015-01-15T13:05:00.000Z"],
  ])("reads %s as %s", (raw, expected) => {
    expect(read(raw, "MDY")).toBe(expected);
  });

  it.each([
    ["1/15/2015 0:05 AM", "`1/15/2015 0:05 AM` is not a time of day: with AM or PM, hours go from 1 to 12."],
    ["1/15/2015 13:05 PM", "`1/15/2015 13:05 PM` is not a time of day: with AM or PM, hours go from 1 to 12."],
    ["1/15/2015 24:00", "`1/15/2015 24:00` is not a time of day: hours go from 00 to 23."],
    ["1/15/2015 10:60", "`1/15/2015 10:60` is not a time of day: minutes go from 00 to 59."],
  ])("rejects %s", (raw, message) => {
    expect(read(raw, "MDY")).toBe(message);
  });
});

describe("month names and mail dates", () => {
  it.each([
    ["Jan 15, 2024", "2024-01-15T00:00:00.000Z"],
    ["January 15 2024", "2024-01-15T00:00:00.000Z"],
    ["15 Jan 2024 22:32", "2024-01-15T22:32:00.000Z"],
    ["March 3, 2023 10:32 am", "2023-03-03T10:32:00.000Z"],
    ["Sept 9, 2023", "2023-09-09T00:00:00.000Z"],
    ["15-Jan-2024", "2024-01-15T00:00:00.000Z"],
    ["Mon, 15 Jan 2024 10:32:11 +0000", "2024-01-15T10:32:11.000Z"],
    ["Tue, 15 Jan 2024 10:32:11 +0100", "2024-01-15T09:32:11.000Z"],
  ])("reads %s as %s in any order", (raw, expected) => {
    for (const order of [null, "MDY", "DMY"] as const) expect(read(raw, order)).toBe(expected);
  });

  it("checks only that a weekday is a weekday's name", () => {
    expect(read("Foo, 15 Jan 2024 10:32:11 +0000")).toContain("is not a time we can read");
    expect(read("Feb 30, 2024")).toBe("`Feb 30, 2024` is not a date: February 2024 has 29 days.");
  });
});

describe("zones", () => {
  it.each([
    ["2024-01-15 10:32:11 -0500", "2024-01-15T15:32:11.000Z"],
    ["2024-01-15 10:32:11.123456 UTC", "2024-01-15T10:32:11.123Z"],
    ["2024-01-15 10:32 GMT", "2024-01-15T10:32:00.000Z"],
    ["2024-01-15 10:32Z", "2024-01-15T10:32:00.000Z"],
    ["1/15/2024 10:32 AM +02", "2024-01-15T08:32:00.000Z"],
    ["1/15/2024 10:32 AM +05:30", "2024-01-15T05:02:00.000Z"],
    ["1359389415.25", "2013-01-28T16:10:15.250Z"],
  ])("reads %s as %s whatever zone is chosen", (raw, expected) => {
    expect(read(raw, "MDY", "America/New_York")).toBe(expected);
  });

  it("reads a day-first date with an offset", () => {
    expect(read("15.01.2024 10:32+0100", "DMY", "America/New_York")).toBe("2024-01-15T09:32:00.000Z");
  });

  it("reads local times in the chosen zone across daylight-saving changes", () => {
    expect(read("7/10/2021 12:00 PM", "MDY", "Europe/Berlin")).toBe("2021-07-10T10:00:00.000Z");
    expect(read("10.01.2021 12:00", "DMY", "Europe/Berlin")).toBe("2021-01-10T11:00:00.000Z");
    // 14 March 2021 2:30 AM never happened in New York; 7 November 1:30 AM happened twice (the first is taken).
    expect(read("3/14/2021 2:30 AM", "MDY", "America/New_York")).toBe("2021-03-14T07:30:00.000Z");
    expect(read("11/7/2021 1:30 AM", "MDY", "America/New_York")).toBe("2021-11-07T05:30:00.000Z");
    expect(read("Nov 7, 2021 1:30 PM", null, "America/New_York")).toBe("2021-11-07T18:30:00.000Z");
  });

  it("rejects an offset that does not exist", () => {
    expect(read("2024-01-15 10:32 +1960")).toBe("`2024-01-15 10:32 +1960` has an offset that does not exist (offsets go from -18:00 to +18:00).");
  });
});
