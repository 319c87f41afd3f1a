import { describe, expect, it } from "vitest";
import { packRows, stagedBatchSchema, unpackRows } from "@/lib/contract/staged-rows";
import { throughActionTransport } from "@/lib/testing/action-transport";
import type { RowOutcome } from "@/lib/events/validator";
import { readEventsFile } from "./read-events-file";
import { importColumns, rejectedRowsCsv } from "./rejected-rows";
import { bytesSource } from "./source";

/** Column names that are also the names of an object's machinery are columns like any other. */
describe("a column named __proto__, constructor or toString", () => {
  it("is read as its own text, crosses the action transport, passes the server's schema and is written back as it came", async () => {
    const csv = "email,event_name,time,__proto__,constructor,toString\nbroken,signup,2021-02-03,kept as text,also kept,kept too\n";
    const rows: RowOutcome[] = [];
    const result = await readEventsFile(bytesSource(new TextEncoder().encode(csv)), {
      timeZone: "UTC", nowMs: Date.parse("2026-01-01T00:00:00Z"), onRow: (row) => rows.push(row), onRestart: () => rows.splice(0),
    });
    const params = rows[0].input.params;
    const kept = [["__proto__", "kept as text"], ["constructor", "also kept"], ["toString", "kept too"]];
    expect(Object.entries(params)).toEqual(kept);

    // React's decoder of an action's arguments drops the key from a plain object (as a row reaches the
    // page from its worker), so a row cannot travel as one.
    const [asObject] = (await throughActionTransport([JSON.parse(JSON.stringify(rows[0].input))])) as [{ params: object }];
    expect(Object.keys(asObject.params)).toEqual(["constructor", "toString"]);

    // Packed by column, as stageRows carries rows, every value arrives and the server's schema keeps it.
    const [packed] = await throughActionTransport([packRows([{ row: 2, ...rows[0].input }])]);
    const [sent] = unpackRows(stagedBatchSchema.parse(packed));
    expect(Object.entries(sent.params)).toEqual(kept);
    expect(Object.getPrototypeOf(sent.params)).toBeNull();

    const written = rejectedRowsCsv(importColumns(result.headers, result.mapping!), [
      { rowNumber: 2, email: "broken", eventName: "signup", time: "2021-02-03", params: sent.params, reason: "not an email" },
      { rowNumber: 3, email: "other", eventName: "signup", time: "2021-02-03", params: {}, reason: "not an email" },
    ]);
    expect(written).toBe(
      "\uFEFFemail,event_name,time,__proto__,constructor,toString,row_number,rejection_reason\r\n" +
        "broken,signup,2021-02-03,kept as text,also kept,kept too,2,not an email\r\n" +
        "other,signup,2021-02-03,,,,3,not an email",
    );
  });
});
