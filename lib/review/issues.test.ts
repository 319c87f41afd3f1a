import { describe, expect, it } from "vitest";
import { issuesForColumn } from "./issues";

describe("issuesForColumn", () => {
  it("gives a column the problems of the field it is mapped to, never the row's own", () => {
    const mapping = { email: 2, event_name: 0, time: 1, params: [{ index: 3, name: "plan" }] };
    const issues = [
      { field: "row", message: "The row has 3 fields; the header has 4." },
      { field: "email", message: "bad email" },
      { field: "time", message: "bad time" },
    ];
    expect(issuesForColumn(mapping, 2, issues)).toEqual([{ field: "email", message: "bad email" }]);
    expect(issuesForColumn(mapping, 1, issues)).toEqual([{ field: "time", message: "bad time" }]);
    expect(issuesForColumn(mapping, 0, issues)).toEqual([]);
    expect(issuesForColumn(mapping, 3, issues)).toEqual([]);
  });
});
