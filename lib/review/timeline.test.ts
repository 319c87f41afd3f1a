import { describe, expect, it } from "vitest";
import { civilFromDays, computeTimeline } from "./timeline";

const at = (iso: string) => Date.parse(iso);

describe("computeTimeline", () => {
  it("turns days since 1970 into calendar dates", () => {
    expect(civilFromDays(0)).toEqual([1970, 1, 1]);
    expect(civilFromDays(Math.floor(at("2024-02-29T12:00:00Z") / 86_400_000))).toEqual([2024, 2, 29]);
    expect(civilFromDays(Math.floor(at("2100-03-01T00:00:00Z") / 86_400_000))).toEqual([2100, 3, 1]);
  });

  it("counts per day over a short span, with the empty days kept", () => {
    const timeline = computeTimeline([at("2024-01-01T10:00:00Z"), at("2024-01-03T23:59:00Z"), at("2024-01-03T00:00:00Z")]);
    expect(timeline.unit).toBe("day");
    expect(timeline.buckets).toEqual([
      { label: "2024-01-01", count: 1 }, { label: "2024-01-02", count: 0 }, { label: "2024-01-03", count: 2 },
    ]);
  });

  it("counts per month over a few years and per year beyond, and flags 1970", () => {
    const months = computeTimeline([at("2023-11-15T00:00:00Z"), at("2024-02-01T00:00:00Z")]);
    expect(months.unit).toBe("month");
    expect(months.buckets.map((bucket) => bucket.label)).toEqual(["2023-11", "2023-12", "2024-01", "2024-02"]);
    const years = computeTimeline([1_700, at("2024-06-01T00:00:00Z")]);
    expect(years.unit).toBe("year");
    expect(years.buckets).toHaveLength(55);
    expect(years.buckets[0]).toEqual({ label: "1970", count: 1 });
    expect(years.in1970).toBe(1);
  });

  it("has nothing to show without events", () => {
    expect(computeTimeline([])).toMatchObject({ buckets: [], earliestMs: null, in1970: 0 });
  });
});
