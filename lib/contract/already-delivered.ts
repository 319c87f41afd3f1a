import { DESTINATION_NAMES } from "./destination";
import { z } from "./zod";

/** Keys the browser asks the server about in one call: 160 kB of JSON, well under the body limit. */
export const MAX_LEDGER_KEYS_PER_CALL = 5_000;

const keysSchema = z.array(z.string().regex(/^[0-9a-f]{32}$/, "must be a dedup key")).max(MAX_LEDGER_KEYS_PER_CALL);

/**
 * The review's question to the ledger: which of these events has the chosen destination received already,
 * and, by their moment keys (one for each dedup key, decision 016), which at the same moment with
 * other values?
 */
export const alreadyDeliveredInputSchema = z.object({
  destination: z.enum(DESTINATION_NAMES),
  keys: keysSchema,
  moments: keysSchema.optional(),
}).refine((input) => input.moments === undefined || input.moments.length === input.keys.length, {
  message: "must hold one moment key for each dedup key", path: ["moments"],
});
