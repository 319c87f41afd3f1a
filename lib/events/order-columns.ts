import { z } from "zod";
import { normalizeHeader } from "./headers";

/**
 * Orders written one row per line item (Shopify's orders export, WooCommerce's line-item exports): the
 * column whose value names the order, and the columns that describe one line item. The rows of one
 * order then become one event, its line items an `items` array (order-groups.ts).
 */
export const groupByChoiceSchema = z.object({
  key: z.string().min(1).max(1_000),
  items: z.array(z.string().min(1).max(1_000)).min(1).max(1_000),
});
export type GroupByChoice = z.infer<typeof groupByChoiceSchema>;

/** The parameter that holds an order's line items, as in Yespo's `orderCreated` example. */
export const ITEMS_PARAM = "items";

/** Headers that name an order in shop exports, compared after normalizeHeader. */
const ORDER_KEYS = ["Name", "Order ID", "Order Number", "order_id", "Order", "Order No"].map(normalizeHeader);
/** Prefixes of line-item columns in shop exports (Shopify's `Lineitem name`, WooCommerce's `Item Name`). */
const ITEM_PREFIXES = ["Lineitem ", "Line item ", "Line Item ", "line_item_", "Item ", "item_"];

/** Where a shared prefix may end: after a space, `_`, `-`, `.` or `:`. */
const PREFIX_END = /[\s_\-.:]$/;

/**
 * What the item columns share before their own names (`Lineitem ` of `Lineitem name` and `Lineitem
 * price`), ending at a word's end; "" when they share none or there is one column.
 */
export function sharedPrefix(columns: readonly string[]): string {
  if (columns.length < 2) return "";
  let prefix = columns[0];
  for (const column of columns) while (!column.startsWith(prefix)) prefix = prefix.slice(0, -1);
  while (prefix !== "" && !PREFIX_END.test(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/**
 * Each item column's name in an item: the file's own name without the shared prefix, or the whole
 * name where taking it off would leave nothing or two columns of one name.
 */
export function itemNames(columns: readonly string[]): string[] {
  const prefix = sharedPrefix(columns);
  const short = columns.map((column) => column.slice(prefix.length).trim());
  const clash = short.some((name, k) => name === "" || short.indexOf(name) !== k);
  return clash ? [...columns] : short;
}

/**
 * The item columns the command line names: `COL,COL` (each a header of the file), or a prefix that
 * begins the name of each (`Lineitem `).
 */
export function itemColumnsFrom(headers: readonly string[], spec: string): { ok: true; items: string[] } | { ok: false; message: string } {
  const named = spec.split(",").map((name) => name.trim()).filter((name) => name !== "");
  if (named.length > 1 || (named.length === 1 && headers.includes(named[0]))) {
    const missing = named.filter((name) => !headers.includes(name));
    if (missing.length > 0) return { ok: false, message: `The file has no column ${missing.map((name) => `"${name}"`).join(", ")}.` };
    return { ok: true, items: named };
  }
  const items = headers.filter((header) => spec !== "" && header.startsWith(spec));
  if (items.length === 0) return { ok: false, message: `No column of the file begins with "${spec}".` };
  return { ok: true, items };
}

/** The problem with a choice for a file's header, or null. */
export function checkGroupBy(headers: readonly string[], choice: GroupByChoice): string | null {
  if (!headers.includes(choice.key)) return `The file has no column "${choice.key}" to group the rows by.`;
  const missing = choice.items.find((item) => !headers.includes(item));
  if (missing !== undefined) return `The file has no line-item column "${missing}".`;
  if (choice.items.includes(choice.key)) return `"${choice.key}" names the order; it cannot also be a line-item column.`;
  if (headers.includes(ITEMS_PARAM)) return `The file already has a column "${ITEMS_PARAM}": rename it to group line items into one.`;
  return null;
}

/**
 * A grouping to offer for a header that looks like a shop's line-item export: an order column and
 * line-item columns with a shop's prefix. Whether the order column repeats is for the caller to see.
 */
export function proposeGroupBy(headers: readonly string[]): GroupByChoice | null {
  const key = headers.find((header) => ORDER_KEYS.includes(normalizeHeader(header)));
  if (!key) return null;
  const items = shopItemColumns(headers, key);
  return items.length > 0 ? { key, items } : null;
}

/** The columns with the first shop's line-item prefix the header uses; none when it uses none. */
export function shopItemColumns(headers: readonly string[], key: string): string[] {
  for (const prefix of ITEM_PREFIXES) {
    const items = headers.filter((header) => header.startsWith(prefix) && header !== key);
    if (items.length > 0) return items;
  }
  return [];
}
