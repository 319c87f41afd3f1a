import { describe, expect, it } from "vitest";
import { currentZoneName, listTimeZones, searchTimeZones, utcOffsetOf, zoneLabel } from "./time-zones";

const JANUARY = Date.parse("2024-01-15T12:00:00Z");
const JULY = Date.parse("2024-07-15T12:00:00Z");

describe("time zones", () => {
  it("lists zones by their current names, once each, UTC first", () => {
    const zones = listTimeZones("Europe/Kiev");
    expect(zones[0]).toBe("UTC");
    expect(zones).toContain("Europe/Kyiv");
    expect(zones).not.toContain("Europe/Kiev");
    expect(zones).toContain("Asia/Kolkata");
    expect(new Set(zones).size).toBe(zones.length);
    expect(currentZoneName("Europe/Berlin")).toBe("Europe/Berlin");
  });

  it("gives each zone its offset from UTC at the instant asked, summer time included", () => {
    expect(utcOffsetOf("Europe/Kyiv", JANUARY)).toBe("UTC+02:00");
    expect(utcOffsetOf("Europe/Kyiv", JULY)).toBe("UTC+03:00");
    expect(utcOffsetOf("UTC", JULY)).toBe("UTC+00:00");
    expect(utcOffsetOf("Europe/London", JANUARY)).toBe("UTC+00:00");
    expect(zoneLabel("America/New_York", JANUARY)).toBe("America/New York (UTC-05:00)");
  });

  it("finds zones by a part of their name or their offset", () => {
    const zones = listTimeZones("UTC");
    expect(searchTimeZones(zones, "kyiv", JANUARY)).toEqual(["Europe/Kyiv"]);
    expect(searchTimeZones(zones, "new_york", JANUARY)).toEqual(["America/New_York"]);
    expect(searchTimeZones(zones, "UTC+05:30", JANUARY)).toContain("Asia/Kolkata");
    expect(searchTimeZones(zones, "  ", JANUARY)).toHaveLength(zones.length);
  });
});
