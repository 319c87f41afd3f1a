import { describe, expect, it } from "vitest";
import type { RememberedChoices } from "@/lib/events/import-choices";
import { choiceDifferences, type ComparedSummary } from "./choice-differences";

const headers = ["Email", "Created at", "Total", "Items"];
const earlier: RememberedChoices = {
  email: 0, event_name: -1, time: 1, params: [2, 3], json: [3], eventName: "order", dateOrder: "MDY", timeZone: "America/New_York",
};

/** The summary's parts the comparison reads: 1,983 events to send, the earliest in January 2024. */
function summary(change: Partial<Pick<ComparedSummary, "timeZone" | "dateOrder" | "jsonParams">> & { eventName?: string } = {}): ComparedSummary {
  const { eventName = "order", ...rest } = change;
  return {
    headers,
    mapping: { email: 0, event_name: -1, time: 1, params: [{ index: 2, name: "Total" }, { index: 3, name: "Items" }], eventName },
    timeZone: "America/New_York", dateOrder: "MDY", jsonParams: ["Items"],
    counts: { total: 2_000, valid: 1_990, invalid: 10, duplicates: 7, leftOut: 0 },
    timeline: { unit: "month", buckets: [], earliestMs: Date.parse("2024-01-15T12:00:00Z"), latestMs: null, in1970: 0 },
    ...rest,
  };
}

describe("what a re-import reads differently from the last import of its header", () => {
  it("is nothing when it reads the file alike", () => {
    expect(choiceDifferences(earlier, summary())).toEqual([]);
  });

  it("says how far apart another zone puts the events", () => {
    expect(choiceDifferences(earlier, summary({ timeZone: "UTC" }))).toEqual([
      "Its times were read in America/New_York, here in UTC: its 1,983 events would arrive 5 hours apart from those.",
    ]);
    expect(choiceDifferences(earlier, summary({ timeZone: "Asia/Kolkata" }))[0]).toContain("would arrive 10 hours 30 minutes apart");
  });

  it("names the date order, the event name and the JSON columns that differ", () => {
    expect(choiceDifferences(earlier, summary({ dateOrder: "DMY", eventName: "purchase", jsonParams: [] }))).toEqual([
      "Its dates were read as month/day/year, here as day/month/year.",
      'Its event name was "order" for every row, here "purchase" for every row.',
      'Its column "Items" was read as JSON, here as text.',
    ]);
  });
});
