import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { RowOutcome } from "@/lib/events/validator";
import { readEventsFile, type ReadOptions } from "./read-events-file";
import { scanDateOrder } from "./scan-date-order";
import { bytesSource } from "./source";
import { toCsv } from "./write-csv";

const NOW = Date.parse("2026-11-22T12:00:00Z");
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const text = (lines: string[]) => new TextEncoder().encode(lines.join("\n"));

async function read(bytes: Uint8Array, options: Partial<ReadOptions> = {}) {
  const rows: RowOutcome[] = [];
  const result = await readEventsFile(bytesSource(bytes), { timeZone: "UTC", nowMs: NOW, onRow: (outcome) => rows.push(outcome), ...options });
  return { ...result, rows };
}
const times = (rows: RowOutcome[]) => rows.map((row) => (row.event ? new Date(row.event.occurredMs).toISOString() : row.errors.map((e) => e.message).join(" ")));

describe("files as spreadsheets and shops write them", () => {
  it("reads Excel's US export month first, as its 1/15/2015 proves, and flags the date that contradicts it", async () => {
    const result = await read(fixture("excel-us.csv"));
    expect(result.dateOrder.order).toBe("MDY");
    expect(result.dateOrder.finding.proof).toEqual({ order: "MDY", row: 3, value: "1/15/2015 1:05 PM" });
    expect(times(result.rows)).toEqual([
      "2015-01-05T09:05:00.000Z",
      "2015-01-15T13:05:00.000Z",
      "2015-02-03T00:00:00.000Z",
      "`13/2/2015` does not fit month/day/year, the order of the dates in this file: there is no month 13.",
    ]);
  });

  it("leaves the order open, and asks, when no date in the column shows it", async () => {
    const result = await read(fixture("excel-us-ambiguous.csv"));
    expect(result.dateOrder).toMatchObject({ order: null, finding: { proof: null, ambiguous: 2, examples: ["01/02/2020 9:00 AM", "03/04/2020 10:30 AM"] } });
    expect(result.counts).toMatchObject({ valid: 1, invalid: 2 });
    expect(times(result.rows)[0]).toContain("can be read as 2 January 2020 (month first) or 1 February 2020 (day first)");
    const chosen = await read(fixture("excel-us-ambiguous.csv"), { dateOrder: "DMY" });
    expect(times(chosen.rows)).toEqual(["2020-02-01T09:00:00.000Z", "2020-04-03T10:30:00.000Z", "2020-05-05T23:00:00.000Z"]);
  });

  it("waits for the proof when it comes after dates that read two ways, and checks every row once", async () => {
    const result = await read(text(["email,event_name,time", "a@x.io,e,01/02/2020", "b@x.io,e,03/04/2020", "c@x.io,e,13/04/2020", "a@x.io,e,01/02/2020"]));
    expect(result.dateOrder).toMatchObject({ order: "DMY", recheck: false });
    expect(result.rows.map((row) => row.row)).toEqual([2, 3, 4, 5]);
    expect(times(result.rows)).toEqual(["2020-02-01T00:00:00.000Z", "2020-04-03T00:00:00.000Z", "2020-04-13T00:00:00.000Z", "2020-02-01T00:00:00.000Z"]);
    expect(result.rows[3].duplicateOf).toBe(2);
  });

  it("reads Excel's m/d/yy with the century of Excel's window, the order proven or asked as for four digits", async () => {
    const result = await read(text(["email,event_name,time", "a@x.io,e,01/02/24 9:00", "b@x.io,e,1/15/24 10:32", "c@x.io,e,12/31/99 23:00"]));
    expect(result.dateOrder.order).toBe("MDY");
    expect(times(result.rows)).toEqual(["2024-01-02T09:00:00.000Z", "2024-01-15T10:32:00.000Z", "1999-12-31T23:00:00.000Z"]);
    const open = await read(text(["email,event_name,time", "a@x.io,e,01/02/24 9:00"]));
    expect(open.dateOrder.finding.ambiguous).toBe(1);
  });

  it("reads GA4's event_timestamp in microseconds, and names an Excel serial rather than reading it as seconds", async () => {
    const result = await read(text(["user_email,event_name,event_timestamp", "a@x.io,purchase,1705314720000000", "b@x.io,purchase,45306.4375"]));
    expect(times(result.rows)).toEqual([
      "2024-01-15T10:32:00.000Z",
      "`45306.4375` looks like an Excel date serial (2024-01-15 10:30): format the column as a date before saving.",
    ]);
  });

  it("finds the order before reading, stopping at the proof", async () => {
    expect(await scanDateOrder(bytesSource(fixture("excel-us.csv")), { timeZone: "UTC", nowMs: NOW })).toMatchObject({
      error: null, finding: { proof: { order: "MDY", row: 3 } },
    });
    const shopify = await scanDateOrder(bytesSource(fixture("shopify-orders.csv")), { timeZone: "UTC", nowMs: NOW, columns: { eventName: "order" } });
    expect(shopify.finding).toEqual({ yearLast: 0, ambiguous: 0, proof: null, examples: [] });
  });

  it("reads a Shopify orders export with one event name for every row, its Name a parameter", async () => {
    const result = await read(fixture("shopify-orders.csv"), { columns: { eventName: "order" } });
    expect(result.counts).toEqual({ total: 3, valid: 3, invalid: 0, duplicates: 0 });
    expect(result.rows[0].event).toMatchObject({ email: "ann@example.com", eventName: "order", occurredMs: Date.parse("2024-01-15T15:32:11Z") });
    expect(result.rows[0].event?.params).toMatchObject({ Name: "#1001", Total: "46.20", "Lineitem name": "Blue Mug" });
    const unnamed = await read(fixture("shopify-orders.csv"));
    expect(unnamed.error?.code).toBe("MISSING_COLUMNS");
  });

  it("reads German Excel's sep=; line, day-first dots and trailing semicolons, numbering rows as Excel does", async () => {
    const result = await read(fixture("excel-german-sep.csv"), { columns: { map: { event_name: "Ereignis", time: "Zeitpunkt" } } });
    expect(result.error).toBeNull();
    expect(result.file).toEqual({ encoding: "windows-1252", delimiter: ";", newline: "\r\n" });
    expect(result.headers).toEqual(["E-Mail", "Ereignis", "Zeitpunkt", "Betrag", "Stadt"]);
    expect(result.headerRow).toBe(1);
    expect(result.rows.map((row) => row.row)).toEqual([2, 3]);
    expect(result.rows.map((row) => row.errors)).toEqual([[], []]);
    expect(times(result.rows)).toEqual(["2015-01-15T13:05:00.000Z", "2015-02-01T08:00:00.000Z"]);
    expect(result.rows[0].event?.params).toEqual({ Betrag: "12,50", Stadt: "München" });
  });

  it("reads BigQuery's microseconds and UTC, proposing event_timestamp as the time and user_email as the email", async () => {
    const result = await read(fixture("bigquery-export.csv"));
    expect(result.mapping).toMatchObject({ email: 0, event_name: 1, time: 2, params: [{ index: 3, name: "session_id" }] });
    expect(times(result.rows)).toEqual(["2024-01-15T10:32:11.123Z", "2024-01-15T23:59:59.999Z"]);
  });

  it("finds a report's header below its title lines and blank line, numbering rows as the spreadsheet shows them", async () => {
    const result = await read(fixture("report-with-title.csv"));
    expect(result.error).toBeNull();
    expect(result.file?.delimiter).toBe(";");
    expect(result.headerRow).toBe(4);
    expect(result.headers).toEqual(["Email", "Event", "Time", "Total"]);
    expect(result.rows.map((row) => [row.row, row.event?.email])).toEqual([[5, "ann@example.com"], [6, "bob@example.com"]]);
    const byChoice = await read(text(["Export of 2024-01-31", "", "Mail,Kind,When", "a@x.io,visit,2024-01-15"]), {
      columns: { map: { email: "Mail", event_name: "Kind", time: "When" } },
    });
    expect([byChoice.headerRow, byChoice.rows[0].row, byChoice.counts.valid]).toEqual([3, 4, 1]);
  });

  it("takes the first line for the header when no line below a title holds the columns, or a line of three values comes first", async () => {
    const unmapped = await read(text(["Export of 2024-01-31", "customer,action,when", "a@x.io,visit,2024-01-15"]), { requireColumns: false });
    expect([unmapped.headerRow, unmapped.headers]).toEqual([1, ["Export of 2024-01-31"]]);
    const byHand = await read(text(["customer,action,when", "ann@email.com,event_signup,2024-01-15", "email,event_name,time"]), { requireColumns: false });
    expect([byHand.headerRow, byHand.headers]).toEqual([1, ["customer", "action", "when"]]);
    const missing = await read(text(["Orders report", "customer,action,when", "a@x.io,visit,2024-01-15"]));
    expect(missing.error?.code).toBe("MISSING_COLUMNS");
  });

  it("reads every row of a file whose line endings are mixed", async () => {
    const crlfOverLf = new TextEncoder().encode("email,event_name,time\r\na@x.io,e,2020-01-01\nb@x.io,e,2020-01-02\n");
    const lfOverCrlf = new TextEncoder().encode("email,event_name,time\na@x.io,e,2020-01-01\r\nb@x.io,e,2020-01-02\r\n");
    for (const bytes of [crlfOverLf, lfOverCrlf]) {
      const result = await read(bytes);
      expect(result.counts).toEqual({ total: 2, valid: 2, invalid: 0, duplicates: 0 });
    }
  });

  it("gives back the values of its own rejected-rows file as they were, formula-like ones included", async () => {
    const written = toCsv(["email", "event_name", "time", "link", "row_number", "rejection_reason"], [
      ["ann@example.com", "=HYPERLINK(\"x\")", "2020-01-01", "+1 555", "2", "fixed"],
    ]);
    const result = await read(new TextEncoder().encode(written));
    expect(result.rows[0].input).toMatchObject({ event_name: "=HYPERLINK(\"x\")", params: { link: "+1 555" } });
    const other = await read(text(["email,event_name,time", "a@x.io,'=1,2020-01-01"]));
    expect(other.rows[0].input.event_name).toBe("'=1");
  });

  it("goes on reading a header that names none of the fields when the caller maps it later", async () => {
    const result = await read(text(["customer,action,when", "a@x.io,signup,2020-01-01"]), { requireColumns: false });
    expect(result.error).toBeNull();
    expect(result.mapping).toMatchObject({ email: -1, event_name: -1, time: -1 });
    expect(result.counts.total).toBe(1);
  });
});

describe("parameters that hold JSON", () => {
  it("proposes a column of JSON arrays with one malformed value, and flags that row with its reason rather than send it as text", async () => {
    const lines = ["email,event_name,time,items"];
    for (let i = 0; i < 1999; i++) {
      const items = i === 1000 ? '"[{""sku"":""a""}"' : `"[{""sku"":""s${i}""}]"`;
      lines.push(`u${i}@x.io,buy,2024-01-15 10:${String(i % 60).padStart(2, "0")},${items}`);
    }
    const scanned = await scanDateOrder(bytesSource(text(lines)), { timeZone: "UTC", nowMs: NOW });
    expect(scanned.jsonColumns).toEqual(["items"]);
    const result = await read(text(lines), { jsonParams: scanned.jsonColumns! });
    expect(result.counts).toMatchObject({ valid: 1998, invalid: 1 });
    const bad = result.rows.find((row) => row.errors.length > 0)!;
    expect(bad.row).toBe(1002);
    expect(bad.errors[0].message).toMatch(/^The value of `items` is not valid JSON: /);
  });

  it("finds an order's items column, and a value there that is not JSON is a row saying where it breaks", async () => {
    const found = await read(fixture("orders-with-items.csv"));
    expect(found.jsonColumns).toEqual(["items"]);
    const broken = text(["email,event_name,time,items", 'a@x.io,buy,2024-01-15,"[{""sku"":""a""}]"', 'b@x.io,buy,2024-01-16,"[{""sku"":""b""}"']);
    const scanned = await scanDateOrder(bytesSource(broken), { timeZone: "UTC", nowMs: NOW });
    expect(scanned.jsonColumns).toEqual([]);
    const result = await read(broken, { jsonParams: ["items"] });
    expect(result.rows[0].event?.params).toEqual({ items: '[{"sku":"a"}]' });
    expect(result.rows[1].errors[0].message).toMatch(/^The value of `items` is not valid JSON: .*position 12 \(line 1 column 13\)\./);
  });
});
