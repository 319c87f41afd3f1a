import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { rejectedRowsCsv } from "@/lib/csv/rejected-rows";
import { eventRuleFor } from "@/lib/events/destination-rules";
import { stagedRowSchema, unpackRows } from "@/lib/contract/staged-rows";
import { storeOf } from "./test-store";

const nowMs = Date.parse("2026-11-22T12:00:00Z");


const FILE = [
  "email,event_name,time,plan",
  "a@example.com,signup,2024-01-05 10:00,pro",
  "not-an-email,signup,2024-01-06 10:00,free",
  "b@example.com,purchase,2024-02-01 09:30,",
  "a@example.com,signup,2024-01-05 10:00,pro",
  "c@example.com,purchase,yesterday,free",
].join("\n");

describe("ReviewStore", () => {
  it("keeps every row with what its checks found, and counts them as the validator does", async () => {
    const store = await storeOf(FILE);
    expect(store.size).toBe(5);
    expect(store.counts).toEqual({ total: 5, valid: 3, invalid: 2, duplicates: 1, leftOut: 0 });
    const rows = store.page("all", "", 0, 10).rows;
    expect(rows.map((row) => [row.row, row.state])).toEqual([
      [2, "valid"], [3, "invalid"], [4, "valid"], [5, "duplicate"], [6, "invalid"],
    ]);
    expect(rows[1].issues[0]).toMatchObject({ field: "email" });
    expect(rows[3].issues[0].message).toBe("Duplicate of row 2: it will be skipped.");
    expect(rows[0].values).toEqual(["a@example.com", "signup", "2024-01-05 10:00", "pro"]);
  });

  it("filters, searches in any case and pages", async () => {
    const store = await storeOf(FILE);
    expect(store.page("invalid", "", 0, 10).rows.map((row) => row.row)).toEqual([3, 6]);
    expect(store.page("duplicates", "", 0, 10).rows.map((row) => row.row)).toEqual([5]);
    expect(store.page("valid", "", 0, 10).rows.map((row) => row.row)).toEqual([2, 4, 5]);
    expect(store.page("all", "PURCHASE", 0, 10).rows.map((row) => row.row)).toEqual([4, 6]);
    expect(store.page("all", "a@exa", 0, 10).rows.map((row) => row.row)).toEqual([2, 5]);
    const second = store.page("all", "", 2, 2);
    expect(second).toMatchObject({ total: 5, offset: 2 });
    expect(second.rows.map((row) => row.row)).toEqual([4, 5]);
  });

  it("checks the file again after a fix: the row becomes valid, or a duplicate of another", async () => {
    const store = await storeOf(FILE);
    store.fix(1, 0, "d@example.com");
    expect(store.gridRow(1).state).toBe("valid");
    expect(store.counts).toMatchObject({ valid: 4, invalid: 1, duplicates: 1 });
    store.fix(4, 2, "2024-01-05 10:00");
    store.fix(4, 0, "a@example.com");
    store.fix(4, 1, "signup");
    // Same person, event and time as row 2, but another plan: a different event.
    expect(store.gridRow(4)).toMatchObject({ state: "valid", issues: [] });
    store.fix(4, 3, "pro");
    expect(store.gridRow(4)).toMatchObject({ state: "duplicate", issues: [{ message: "Duplicate of row 2: it will be skipped." }] });
    expect(store.counts).toMatchObject({ total: 5, valid: 5, invalid: 0, duplicates: 2 });
  });

  it("clears a wrong field count once the user has edited the row", async () => {
    const store = await storeOf("email,event_name,time\na@example.com,signup\n");
    expect(store.gridRow(0).issues.map((issue) => issue.field)).toEqual(["row", "time"]);
    store.fix(0, 2, "2024-01-01");
    expect(store.gridRow(0)).toMatchObject({ state: "valid", issues: [] });
  });

  it("leaves rows out of the counts, sends them marked as left out, lists them as rejected, and takes them back", async () => {
    const store = await storeOf(FILE);
    store.setLeftOut([0], true);
    // Row 5 repeated row 2; with row 2 left out it is the first of its kind.
    expect(store.counts).toEqual({ total: 4, valid: 2, invalid: 2, duplicates: 0, leftOut: 1 });
    expect(store.page("left-out", "", 0, 10).rows.map((row) => row.row)).toEqual([2]);
    expect(store.leaveOutInvalid()).toBe(2);
    expect(store.counts).toEqual({ total: 2, valid: 2, invalid: 0, duplicates: 0, leftOut: 3 });
    expect(store.planBatches(500)).toBe(1);
    expect(unpackRows(store.batch(0)).map((row) => [row.row, row.leftOut ?? false])).toEqual([[2, true], [3, true], [4, false], [5, false], [6, true]]);
    expect([...store.rejectedRows()].map((row) => [row.rowNumber, row.reason])).toEqual([
      [2, "Left out in review"], [3, "Left out in review"], [6, "Left out in review"],
    ]);
    store.setLeftOut([0, 1, 4], false);
    expect(store.counts).toMatchObject({ total: 5, invalid: 2, duplicates: 1, leftOut: 0 });
  });

  it("cuts the rows to send into calls of at most the given size, with the file's values", async () => {
    const lines = ["email,event_name,time,plan"];
    for (let i = 0; i < 1203; i++) lines.push(`u${i}@example.com,signup,2024-01-01T00:00:${String(i % 60).padStart(2, "0")}Z,p${i}`);
    const store = await storeOf(lines.join("\n"));
    expect(store.planBatches(500)).toBe(3);
    expect(store.batch(2).rows).toHaveLength(203);
    expect(unpackRows(store.batch(0))[0]).toEqual({ row: 2, email: "u0@example.com", event_name: "signup", time: "2024-01-01T00:00:00Z", params: { plan: "p0" } });
    expect(() => store.batch(3)).toThrow(RangeError);
  });

  it("gives the rejected rows with their reasons, as the report's CSV", async () => {
    const store = await storeOf(FILE);
    const csv = rejectedRowsCsv({ email: "email", event_name: "event_name", time: "time", params: ["plan"] }, store.rejectedRows());
    const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual(["email", "event_name", "time", "plan", "row_number", "rejection_reason"]);
    expect(parsed.slice(1).map((row) => [row[0], row[4]])).toEqual([["not-an-email", "3"], ["c@example.com", "6"]]);
    expect(parsed[2][5]).toContain("yesterday");
  });

  it("reads times again in another zone, and maps columns anew", async () => {
    const store = await storeOf(FILE);
    const before = store.timeline();
    expect(before).toMatchObject({ unit: "day", earliestMs: Date.parse("2024-01-05T10:00:00Z") });
    store.setMapping(store.mapping, { timeZone: "America/New_York", nowMs });
    // The instants move (10:00 in New York is 15:00 UTC); the timeline counts on New York's calendar.
    expect(store.timeline().earliestMs).toBe(Date.parse("2024-01-05T10:00:00Z"));
    // "plan" as the event name: every row now has a different event, and the empty one is invalid.
    store.setMapping({ ...store.mapping, event_name: 3, params: [{ index: 1, name: "event_name" }] }, store.context);
    expect(store.counts).toMatchObject({ invalid: 3, duplicates: 1 });
    expect(store.eventNames().top).toEqual([{ name: "pro", count: 1 }]);
  });

  it("places events on the days of the file's time zone, not UTC's", async () => {
    const late = ["email,event_name,time", "a@example.com,x,2024-03-01 23:30", "b@example.com,x,2024-03-02 00:30"].join("\n");
    const store = await storeOf(late, { timeZone: "America/New_York" });
    expect(store.timeline().buckets).toEqual([{ label: "2024-03-01", count: 1 }, { label: "2024-03-02", count: 1 }]);
  });

  it("counts the valid events recent enough to start campaigns", async () => {
    const recent = ["email,event_name,time", "a@example.com,x,2026-11-22T10:00:00Z", "b@example.com,x,2026-11-01T10:00:00Z"].join("\n");
    const store = await storeOf(recent);
    expect(store.countSince(nowMs - 72 * 3_600_000)).toBe(1);
  });

  it("shows the destination's own rule for event names as the row's error, and its fix", async () => {
    const store = await storeOf(["email,event_name,time", "a@example.com,order/paid,2024-01-01", "b@example.com,order_paid,2024-01-01"].join("\n"),
      { rule: eventRuleFor("yespo") });
    expect(store.counts).toMatchObject({ total: 2, valid: 1, invalid: 1 });
    expect(store.gridRow(0).issues).toEqual([{ field: "event_name", message: "The event name `order/paid` contains a slash (/), which Yespo does not accept in event names." }]);
    store.fix(0, 1, "order_paid_web");
    expect(store.counts).toMatchObject({ valid: 2, invalid: 0 });
  });

  it("checks every row again with the rule of another destination once the user chooses it", async () => {
    const store = await storeOf(["email,event_name,time", "a@example.com,order/paid,2024-01-01", "b@example.com,order_paid,2024-01-01"].join("\n"));
    expect(store.counts).toMatchObject({ valid: 2, invalid: 0 });
    const version = store.version;
    store.setDestination(store.mapping, eventRuleFor("yespo"));
    expect(store.version).toBeGreaterThan(version);
    expect(store.counts).toMatchObject({ valid: 1, invalid: 1 });
    expect(store.gridRow(0).issues[0].field).toBe("event_name");
    store.setDestination(store.mapping, eventRuleFor("builtin"));
    expect(store.counts).toMatchObject({ valid: 2, invalid: 0 });
    expect(store.gridRow(0).issues).toEqual([]);
  });

  it("shows Yespo's rule for the contact key and Customer.io's for event names as row errors", async () => {
    const yespo = await storeOf(["email,event_name,time", "o'brien@example.com,signup,2024-01-01", "ann@example.com,signup,2024-01-01"].join("\n"),
      { rule: eventRuleFor("yespo") });
    expect(yespo.counts).toMatchObject({ valid: 1, invalid: 1 });
    expect(yespo.gridRow(0).issues).toEqual([{ field: "email", message: "The email address `o'brien@example.com` contains an apostrophe ('), which Yespo does not accept in an event's contact key." }]);
    const name = "é".repeat(51);
    const customerio = await storeOf(`email,event_name,time\nann@example.com,${name},2024-01-01\n`, { rule: eventRuleFor("customerio") });
    expect(customerio.gridRow(0).issues).toEqual([{ field: "event_name", message: "The event name takes 102 bytes; Customer.io accepts 100 at most." }]);
  });

  it("shows Segment's limit of 32 kB an event and Mixpanel's limits as row errors, measured on the whole event", async () => {
    const big = "x".repeat(32_500);
    const segment = await storeOf(`email,event_name,time,note\nann@example.com,signup,2024-01-01,${big}\nbob@example.com,signup,2024-01-01,short\n`, { rule: eventRuleFor("segment") });
    expect(segment.counts).toMatchObject({ valid: 1, invalid: 1 });
    expect(segment.gridRow(0).issues).toEqual([{ field: "row", message: "The event takes 33 kB with its parameters; Segment accepts 32 kB at most and drops a larger one without saying so." }]);
    const mixpanel = await storeOf("email,event_name,time,mp_lib\nann@example.com,signup,1970-05-01,\nbob@example.com,signup,2024-01-01,web\ncid@example.com,signup,2024-01-01,\n", { rule: eventRuleFor("mixpanel") });
    expect(mixpanel.counts).toMatchObject({ valid: 1, invalid: 2 });
    expect(mixpanel.gridRow(0).issues).toEqual([{ field: "time", message: "The event is dated before 1 January 1971; Mixpanel accepts events from 1971 on." }]);
    expect(mixpanel.gridRow(1).issues[0].message).toContain("`mp_lib` has the name of a property Mixpanel reserves");
  });

  it("measures a JSON column's values as the JSON they are sent as, for Segment's size and Mixpanel's nesting", async () => {
    // As text, every quote of this list is escaped and the event passes 32 kB; as JSON it stays under.
    const items = JSON.stringify(Array.from({ length: 6_000 }, () => "a"));
    const csv = `email,event_name,time,items\nann@example.com,order,2024-01-01,"${items.replaceAll('"', '""')}"\nbob@example.com,order,2024-01-01,[[[[1]]]]\n`;
    const asJson = async (rule: ReturnType<typeof eventRuleFor>) => {
      const store = await storeOf(csv, { rule });
      store.setMapping(store.mapping, { ...store.context, jsonParams: ["items"] });
      return store;
    };
    const segment = await asJson(eventRuleFor("segment"));
    expect(segment.counts).toMatchObject({ valid: 2, invalid: 0 });
    const mixpanel = await asJson(eventRuleFor("mixpanel"));
    expect(mixpanel.counts).toMatchObject({ valid: 0, invalid: 2 });
    expect(mixpanel.gridRow(0).issues[0].message).toBe("The value of `items` takes 24,001 bytes as JSON; Mixpanel accepts 8 kB for a list or object.");
    expect(mixpanel.gridRow(1).issues).toEqual([{ field: "row", message: "The value of `items` nests deeper than 3 levels; Mixpanel accepts 3 at most." }]);
    const asText = await storeOf(csv, { rule: eventRuleFor("segment") });
    expect(asText.gridRow(0).issues[0].message).toContain("Segment accepts 32 kB at most");
  });

  it("cuts an invalid row's oversized values to send it, so that it cannot fail the call that carries other rows", async () => {
    const huge = "x".repeat(5_000_000);
    const store = await storeOf(`email,event_name,time,note\na@example.com,signup,2024-01-01,"${huge}"\nb@example.com,signup,2024-01-01,ok\n`);
    expect(store.gridRow(0).issues[0].message).toBe("The value of `note` is 5,000,000 characters long; 100,000 at most.");
    expect(store.planBatches(500)).toBe(1);
    const [cut, fine] = unpackRows(store.batch(0));
    expect(stagedRowSchema.safeParse(cut).success).toBe(true);
    expect(JSON.stringify(store.batch(0)).length).toBeLessThan(1_000_000);
    expect(cut.cut).toBe("The row was too long to import (5,000,033 characters); `note` is cut short here.");
    expect(fine).toEqual({ row: 3, email: "b@example.com", event_name: "signup", time: "2024-01-01", params: { note: "ok" } });
  });
});
