import { describe, expect, it } from "vitest";
import { parseTime } from "./time";
import { isValidTimeZone, offsetAt } from "./time-zone";

const NOW = Date.parse("2026-11-22T12:00:00Z");
const iso = (raw: string, zone = "UTC") => {
  const result = parseTime(raw, zone, NOW);
  return result.ok ? new Date(result.instantMs).toISOString() : result.message;
};

describe("parseTime", () => {
  it.each([
    ["2015-01-15", "2015-01-15T00:00:00.000Z"],
    ["2015-01-15 01:15", "2015-01-15T01:15:00.000Z"],
    ["2015-01-15T01:15", "2015-01-15T01:15:00.000Z"],
    ["2015-01-15 01:15:07", "2015-01-15T01:15:07.000Z"],
    ["2015-01-15T01:15:07.123456", "2015-01-15T01:15:07.123Z"],
    ["2015-01-15 01:15:07,5", "2015-01-15T01:15:07.500Z"],
    ["2015-01-15T01:15Z", "2015-01-15T01:15:00.000Z"],
    ["2015-01-15 01:15+10", "2015-01-14T15:15:00.000Z"],
    ["2015-01-15 01:15-0530", "2015-01-15T06:45:00.000Z"],
    ["2015-01-15T01:15:00+05:45", "2015-01-14T19:30:00.000Z"],
    ["1421284500", "2015-01-15T01:15:00.000Z"],
    ["1421284500123", "2015-01-15T01:15:00.123Z"],
    ["1705314720000000", "2024-01-15T10:32:00.000Z"],
    ["1705314720123999", "2024-01-15T10:32:00.123Z"],
    ["  2015-01-15  ", "2015-01-15T00:00:00.000Z"],
  ])("reads %s as %s", (raw, expected) => {
    expect(iso(raw)).toBe(expected);
  });

  it("reads times without an offset in the chosen zone, across daylight-saving changes", () => {
    expect(iso("2021-01-10 12:00", "Europe/Berlin")).toBe("2021-01-10T11:00:00.000Z");
    expect(iso("2021-07-10 12:00", "Europe/Berlin")).toBe("2021-07-10T10:00:00.000Z");
    expect(iso("2021-07-10", "America/New_York")).toBe("2021-07-10T04:00:00.000Z");
    // 2021-03-28 02:30 never happened in Berlin: clocks jumped from 02:00 to 03:00.
    expect(iso("2021-03-28 02:30", "Europe/Berlin")).toBe("2021-03-28T01:30:00.000Z");
    // 2021-10-31 02:30 happened twice in Berlin: the first one is taken.
    expect(iso("2021-10-31 02:30", "Europe/Berlin")).toBe("2021-10-31T00:30:00.000Z");
    expect(iso("2021-10-31 03:30", "Europe/Berlin")).toBe("2021-10-31T02:30:00.000Z");
    expect(iso("2021-04-04 02:30", "Australia/Sydney")).toBe("2021-04-03T15:30:00.000Z");
    expect(iso("2021-06-01 10:00", "Asia/Kathmandu")).toBe("2021-06-01T04:15:00.000Z");
  });

  it("ignores the zone when the time has an offset", () => {
    expect(iso("2021-07-10 12:00+02:00", "America/New_York")).toBe("2021-07-10T10:00:00.000Z");
  });

  it.each([
    ["2020-02-30", "`2020-02-30` is not a date: February 2020 has 29 days."],
    ["2021-02-29", "`2021-02-29` is not a date: February 2021 has 28 days."],
    ["2020-13-01", "`2020-13-01` is not a date: there is no month 13 (months go from 01 to 12)."],
    ["2020-01-01 25:00", "`2020-01-01 25:00` is not a time of day: hours go from 00 to 23."],
    ["2020-01-01 10:61", "`2020-01-01 10:61` is not a time of day: minutes go from 00 to 59."],
    ["2020-01-01 10:00+25", "`2020-01-01 10:00+25` has an offset that does not exist (offsets go from -18:00 to +18:00)."],
    ["", "The time is empty."],
    ["1969-12-31 23:59", "`1969-12-31 23:59` is before 1970; event times start on 1970-01-01."],
    ["2026-11-22 12:06", "`2026-11-22 12:06` is in the future; only past events can be imported."],
  ])("rejects %s", (raw, message) => {
    expect(iso(raw)).toBe(message);
  });

  it.each(["yesterday", "12345678901", "2020-01-01T10", "15/01/202", "Foo 15, 2024"])(
    "explains which formats it reads when given %s",
    (raw) => {
      expect(iso(raw)).toContain("is not a time we can read: use a date such as 2024-01-15, 1/15/2024");
    },
  );

  it.each([
    ["45306.4375", "`45306.4375` looks like an Excel date serial (2024-01-15 10:30): format the column as a date before saving."],
    ["45306", "`45306` looks like an Excel date serial (2024-01-15 00:00): format the column as a date before saving."],
    ["25569.5", "`25569.5` looks like an Excel date serial (1970-01-01 12:00): format the column as a date before saving."],
  ])("names %s as an Excel date serial, never Unix seconds", (raw, message) => {
    expect(iso(raw)).toBe(message);
  });

  it("accepts a time up to five minutes ahead, for clocks that run fast", () => {
    expect(iso("2026-11-22 12:04")).toBe("2026-11-22T12:04:00.000Z");
  });
});

describe("time zones", () => {
  it("knows valid IANA names", () => {
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });

  it("gives offsets east of UTC as positive", () => {
    expect(offsetAt("Asia/Tokyo", Date.parse("2020-01-01T00:00:00Z"))).toBe(9 * 3_600_000);
    expect(offsetAt("America/Los_Angeles", Date.parse("2020-01-01T00:00:00Z"))).toBe(-8 * 3_600_000);
  });
});
