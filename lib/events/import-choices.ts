import { z } from "zod";
import { DATE_ORDERS } from "./date-order";
import { groupByChoiceSchema } from "./order-columns";
import { checkEventName } from "./row";

/**
 * How an import reads its rows beyond the columns: the order of its dates written year last (as
 * chosen in the mapping step or proven by the file; null when it has none to read), the event
 * name every row gets when the file has no event column, the parameters that hold JSON, and the
 * order column and line-item columns when an order's rows become one event. The browser sends them when an import
 * starts; the server stores them and checks every row with exactly them.
 */
export const readChoicesSchema = z.object({
  dateOrder: z.enum(DATE_ORDERS).nullable().optional(),
  eventName: z
    .string()
    .trim()
    .max(500)
    .refine((name) => checkEventName(name) === null, { error: (issue) => checkEventName(String(issue.input).trim()) ?? "is not an event name" })
    .nullable()
    .optional(),
  jsonParams: z.array(z.string().max(1_000)).max(1_000).optional(),
  groupBy: groupByChoiceSchema.nullable().optional(),
});
export type ReadChoices = z.infer<typeof readChoicesSchema>;

/** The most columns a remembered header may have: far past any export, short of a runaway header. */
export const MAX_REMEMBERED_COLUMNS = 2_000;

/**
 * A user's choices for one exact header, kept when an import starts and offered for the next file with
 * that header: each column's use (by position: the header is the same), the event name for every
 * row, the date order and the time zone.
 */
export const rememberedChoicesSchema = z.object({
  email: z.number().int().min(-1).max(MAX_REMEMBERED_COLUMNS),
  event_name: z.number().int().min(-1).max(MAX_REMEMBERED_COLUMNS),
  time: z.number().int().min(-1).max(MAX_REMEMBERED_COLUMNS),
  params: z.array(z.number().int().min(0).max(MAX_REMEMBERED_COLUMNS)).max(MAX_REMEMBERED_COLUMNS),
  /** Of the parameters, those read as JSON. */
  json: z.array(z.number().int().min(0).max(MAX_REMEMBERED_COLUMNS)).max(MAX_REMEMBERED_COLUMNS).optional(),
  eventName: z.string().trim().min(1).max(500).nullable(),
  dateOrder: z.enum(DATE_ORDERS).nullable(),
  timeZone: z.string().min(1).max(100),
});
export type RememberedChoices = z.infer<typeof rememberedChoicesSchema>;

export const headerSchema = z.array(z.string().max(1_000)).min(1).max(MAX_REMEMBERED_COLUMNS);
