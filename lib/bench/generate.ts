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
const SOURCES = ["newsletter", "google", "facebook", "partner", "direct"];
const COUNTRIES = ["DE", "PT", "UA", "US", "JP", "NG"];
const PRODUCTS = ["Linen shirt", "Trail running shoes", "Espresso grinder, burr", "Wool socks (3 pairs)", "Desk lamp"];
const NOTES = [
  "Left at the door, as asked",
  "Customer called about the size, exchanged for a larger one; refund of the difference on the same card",
  "Gift: no prices on the slip, wrapped, with a card that says \"Happy birthday, Sam!\"",
  "Second order this month. Asked whether the discount code also applies to the sale items, which it does not",
];
export const EXPORT_REJECTED_EVERY = 50;
export const EXPORT_HEADER = "email,event_name,time,amount,plan,currency,order_id,items,coupon,utm_source,utm_campaign,country,product_name,note";

/** A CSV field as spreadsheets write one: quoted when it holds a comma or a quote, its quotes doubled. */
const field = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/**
 * Writes the same events with the parameter columns a CRM's export has: amount, plan, currency,
 * order_id, an order's one to three items as JSON, a coupon (empty on most rows), the campaign's
 * source, a country, the product's name and a free-text note of about a hundred characters, quoted as
 * spreadsheets quote them; about 380 bytes a row. As in a real export, some rows are wrong: one in
 * EXPORT_REJECTED_EVERY has an address without its @, rejected, so that the report carries rejected
 * rows. What the memory of `backfill import` is measured on.
 */
export function writeExportFile(path: string, rows: number): Promise<number> {
  return writeLines(path, EXPORT_HEADER, rows, (i) => {
    const event = generatedEvent(i);
    const items = Array.from({ length: 1 + (i % 3) }, (_, j) =>
      `{"sku":"SKU-${(i + j) % 5_003}","name":"${PRODUCTS[(i + j) % 5]}","qty":${1 + ((i + j) % 3)},"price":${event.params.amount}}`);
    const email = i % EXPORT_REJECTED_EVERY === EXPORT_REJECTED_EVERY - 1 ? event.email.replace("@", " at ") : event.email;
    return [email, event.eventName, isoTime(event.occurredMs), event.params.amount, PLANS[i % 4], CURRENCIES[i % 4],
      `ORD-${1_000_000 + i}`, field(`[${items.join(",")}]`), i % 7 === 0 ? `SPRING${i % 50}` : "", SOURCES[i % 5],
      `spring-sale-2023-week-${i % 13}`, COUNTRIES[i % 6], field(PRODUCTS[i % 5]), field(NOTES[i % 4])].join(",");
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
