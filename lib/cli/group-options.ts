import { checkGroupBy, itemColumnsFrom, shopItemColumns, type GroupByChoice } from "@/lib/events/order-columns";

/** `--group-by COLUMN` and `--item-columns PREFIX|COL,COL`, as given. */
export type GroupByFlags = { key: string; items: string | null };

export const GROUP_OPTIONS_USAGE = "[--group-by COLUMN [--item-columns PREFIX|COL,COL]]";

/**
 * The flags as the import's grouping, once the file's parameter columns are known: the order column,
 * and the line-item columns named, begun by the prefix named, or else a shop's line-item columns
 * (Shopify's `Lineitem …`). A message that says what to change otherwise.
 */
export function groupByFromFlags(params: readonly string[], flags: GroupByFlags): { ok: true; groupBy: GroupByChoice } | { ok: false; message: string } {
  if (!params.includes(flags.key)) {
    return { ok: false, message: `--group-by: the file has no column "${flags.key}" besides its email, event and time columns.` };
  }
  let items: string[];
  if (flags.items !== null) {
    const named = itemColumnsFrom(params.filter((name) => name !== flags.key), flags.items);
    if (!named.ok) return { ok: false, message: `--item-columns: ${named.message}` };
    items = named.items;
  } else {
    items = shopItemColumns(params, flags.key);
    if (items.length === 0) return { ok: false, message: "--group-by: name the line-item columns with --item-columns, by their prefix (\"Lineitem \") or as COL,COL." };
  }
  const groupBy = { key: flags.key, items };
  const problem = checkGroupBy(params, groupBy);
  return problem ? { ok: false, message: problem } : { ok: true, groupBy };
}
