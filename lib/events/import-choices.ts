import { z } from "zod";
import { DATE_ORDERS } from "./date-order";
import { checkEventName } from "./row";

/**
 * How an import reads its rows beyond the columns: the order of its dates written year last (as
 * chosen in the mapping step or proven by the file; null when it has none to read), and the event
 * name every row gets when the file has no event column. The browser sends them when an import
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
});
export type ReadChoices = z.infer<typeof readChoicesSchema>;
