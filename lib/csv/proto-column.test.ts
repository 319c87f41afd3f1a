import { describe, expect, it } from "vitest";
import { eventInputSchema } from "@/lib/events/row";
import type { RowOutcome } from "@/lib/events/validator";
import { readEventsFile } from "./read-events-file";
import { importColumns, rejectedRowsCsv } from "./rejected-rows";
import { bytesSource } from "./source";

/** Column names that are also the names of an object's machinery are columns like any other. */
describe("a column named __proto__ or toString", () => {
  it("is read as its own text, kept by the server's schema, and written back as it came", async () => {
    const csv = "email,event_name,time,__proto__,toString\nbroken,signup,2021-02-03,kept as text,also kept\n";
    const rows: RowOutcome[] = [];
    const result = await readEventsFile(bytesSource(new TextEncoder().encode(csv)), {
      timeZone: "UTC", nowMs: Date.parse("2026-01-01T00:00:00Z"), onRow: (row) => rows.push(row), onRestart: () => rows.splice(0),
    });
    const params = rows[0].input.params;
    expect(Object.entries(params)).toEqual([["__proto__", "kept as text"], ["toString", "also kept"]]);

    // What a server action receives (parsed JSON) passes the server's schema with the column intact.
    const sent = eventInputSchema.parse(JSON.parse(JSON.stringify(rows[0].input)));
    expect(Object.entries(sent.params)).toEqual([["__proto__", "kept as text"], ["toString", "also kept"]]);

    const written = rejectedRowsCsv(importColumns(result.headers, result.mapping!), [
      { rowNumber: 2, email: "broken", eventName: "signup", time: "2021-02-03", params: sent.params, reason: "not an email" },
      { rowNumber: 3, email: "other", eventName: "signup", time: "2021-02-03", params: {}, reason: "not an email" },
    ]);
    expect(written).toBe(
      "\uFEFFemail,event_name,time,__proto__,toString,row_number,rejection_reason\r\n" +
        "broken,signup,2021-02-03,kept as text,also kept,2,not an email\r\n" +
        "other,signup,2021-02-03,,,3,not an email",
    );
  });
});
