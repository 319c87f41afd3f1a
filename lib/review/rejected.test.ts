import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { rejectedCsv, rejectedFileName } from "./rejected";
import { storeOf } from "./test-store";

describe("rejectedCsv", () => {
  it("lists the invalid and the left-out rows under the file's own column names", async () => {
    const store = await storeOf("Email,Event,Timestamp,plan\na@example.com,x,2024-01-01,pro\nbroken,x,2024-01-01,free\nc@example.com,x,2024-01-01,\n");
    store.setLeftOut([2], true);
    const { csv, rows } = rejectedCsv(store);
    expect(rows).toBe(2);
    const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual(["Email", "Event", "Timestamp", "plan", "row_number", "rejection_reason"]);
    expect(parsed.slice(1).map((row) => [row[0], row[3], row[4], row[5].length > 0])).toEqual([["broken", "free", "3", true], ["c@example.com", "", "4", true]]);
    expect(parsed[2][5]).toBe("Left out in review");
    // The values a reason quotes are in double quotes, never between backticks.
    expect(parsed[1][5]).toBe('"broken" is not an email address: it has no @.');
  });

  it("is empty but for the header when every row is fine", async () => {
    const store = await storeOf("email,event_name,time\na@example.com,x,2024-01-01\n");
    expect(rejectedCsv(store).rows).toBe(0);
  });
});

describe("rejectedFileName", () => {
  it("names the file after the uploaded one", () => {
    expect(rejectedFileName("events.CSV")).toBe("events-rejected.csv");
    expect(rejectedFileName("export.txt")).toBe("export.txt-rejected.csv");
    expect(rejectedFileName("orders.xlsx")).toBe("orders-rejected.csv");
  });
});
