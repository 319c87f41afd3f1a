import { describe, expect, it } from "vitest";
import { dateEvidence, findDateOrder, needsDateOrder, resolveDateOrder } from "./date-order";

describe("the order of a column's dates", () => {
  it.each([
    ["2024-01-15 10:00", "none"],
    ["Jan 15, 2024", "none"],
    ["1421284500", "none"],
    ["15/01/2015", "DMY"],
    ["1/15/2015 13:05", "MDY"],
    ["01.02.2020", "DMY"],
    ["01/02/2020", "either"],
    ["05/05/2020", "same"],
    [" 3/4/2020", "either"],
    ["1/15/24 10:32", "MDY"],
    ["1-15-24", "MDY"],
    ["1-15-2024", "MDY"],
    ["15.01.24", "DMY"],
    ["01/02/24", "either"],
  ])("%s says %s", (value, evidence) => {
    expect(dateEvidence(value)).toBe(evidence);
  });

  it("is proven by the first value that reads one way only, and kept for the whole column", () => {
    const finding = findDateOrder(["01/02/2020", "03/04/2020", "1/15/2020", "13/01/2020"]);
    expect(finding.proof).toEqual({ order: "MDY", row: 4, value: "1/15/2020" });
    expect(finding).toMatchObject({ yearLast: 4, ambiguous: 2, examples: ["01/02/2020", "03/04/2020"] });
    expect(resolveDateOrder("auto", finding)).toBe("MDY");
    expect(needsDateOrder(finding)).toBe(false);
  });

  it("is asked for when nothing in the column proves it", () => {
    const finding = findDateOrder(["01/02/2020", "03/04/2020", "05/05/2020"]);
    expect(needsDateOrder(finding)).toBe(true);
    expect(resolveDateOrder("auto", finding)).toBeNull();
    expect(resolveDateOrder("DMY", finding)).toBe("DMY");
  });

  it("asks nothing of a column without dates written year last", () => {
    const finding = findDateOrder(["2024-01-15", "Jan 15, 2024", ""]);
    expect(finding.yearLast).toBe(0);
    expect(needsDateOrder(finding)).toBe(false);
  });
});
