import { createWriteStream } from "node:fs";
import { once } from "node:events";

const EVENTS = ["purchase", "signup", "page_view", "cart_add", "newsletter_open"];
const CITIES = ["Berlin", "Lisbon", "Kyiv", "Austin", "Osaka", "Lagos"];
const START_MS = Date.parse("2023-01-01T00:00:00Z");

/** The i-th generated event, times spread over three years from 2023. Deterministic, so runs compare. */
export function generatedEvent(i: number) {
  return {
    email: `user${i % 250_000}@example.com`,
    eventName: EVENTS[i % 5],
    occurredMs: START_MS + ((i * 7919) % 94_000_000) * 1000,
    params: { amount: String((i % 997) / 10), city: CITIES[i % 6] },
  };
}

/** How Excel (US) writes a time: `1/15/2023 1:05 PM`. */
export function usTime(ms: number): string {
  const date = new Date(ms);
  const hour = date.getUTCHours();
  const minute = String(date.getUTCMinutes()).padStart(2, "0");
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ${hour % 12 || 12}:${minute} ${hour < 12 ? "AM" : "PM"}`;
}

const isoTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

/** Writes a header and one line per generated event to `path`, a megabyte at a time; returns the bytes. */
async function writeLines(path: string, header: string, rows: number, line: (i: number) => string): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let chunk = `${header}\n`;
  for (let i = 0; i < rows; i++) {
    chunk += `${line(i)}\n`;
    if (chunk.length > 1 << 20) {
      bytes += chunk.length;
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  bytes += chunk.length;
  out.end(chunk);
  await once(out, "finish");
  return bytes;
}

/** Writes `rows` generated events (`email,event_name,time,amount,city`), about 60 bytes a row. */
export function writeEventsFile(path: string, rows: number, formatTime: (ms: number) => string = isoTime): Promise<number> {
  return writeLines(path, "email,event_name,time,amount,city", rows, (i) => {
    const event = generatedEvent(i);
    return `${event.email},${event.eventName},${formatTime(event.occurredMs)},${event.params.amount},${event.params.city}`;
  });
}

const PLANS = ["free", "starter", "pro", "business"];
const CURRENCIES = ["EUR", "USD", "UAH", "GBP"];
export const EXPORT_HEADER = "email,event_name,time,amount,plan,currency,order_id,items";

/**
 * Writes the same events with the parameter columns a CRM's export has (amount, plan, currency,
 * order_id and an order's items as JSON, quoted as spreadsheets quote it), about 130 bytes a row:
 * what the memory of `backfill import` is measured on.
 */
export function writeExportFile(path: string, rows: number): Promise<number> {
  return writeLines(path, EXPORT_HEADER, rows, (i) => {
    const event = generatedEvent(i);
    const items = `[{""sku"":""SKU-${i % 5_003}"",""qty"":${1 + (i % 3)},""price"":${event.params.amount}}]`;
    return `${event.email},${event.eventName},${isoTime(event.occurredMs)},${event.params.amount},${PLANS[i % 4]},` +
      `${CURRENCIES[i % 4]},ORD-${1_000_000 + i},"${items}"`;
  });
}

/** Days from 1899-12-30 (Excel's day 0, counting its leap day of 1900) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25_569;

/**
 * Writes the same events as an .xlsx workbook, as SheetJS itself writes one, with the times as typed
 * date cells (serials in the 1900 system, a date format): the workbook a spreadsheet would save.
 */
export async function writeEventsWorkbook(path: string, rows: number): Promise<number> {
  const { utils, write } = await import("@e965/xlsx");
  const data: (string | number)[][] = [["email", "event_name", "time", "amount", "city"]];
  for (let i = 0; i < rows; i++) {
    const event = generatedEvent(i);
    data.push([event.email, event.eventName, event.occurredMs / 86_400_000 + EXCEL_EPOCH_DAYS, Number(event.params.amount), event.params.city]);
  }
  const sheet = utils.aoa_to_sheet(data, { dense: true });
  for (const row of (sheet["!data"] as { z?: string }[][]).slice(1)) row[2].z = "yyyy-mm-dd hh:mm:ss";
  const book = utils.book_new();
  utils.book_append_sheet(book, sheet, "Events");
  const bytes = write(book, { type: "buffer", bookType: "xlsx", compression: true }) as Buffer;
  const { writeFile } = await import("node:fs/promises");
  await writeFile(path, bytes);
  return bytes.length;
}
