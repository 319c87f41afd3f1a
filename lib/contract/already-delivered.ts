import { DESTINATION_NAMES } from "./destination";
import { z } from "./zod";

/** Keys the browser asks the server about in one call: 160 kB of JSON, well under the body limit. */
export const MAX_LEDGER_KEYS_PER_CALL = 5_000;

/** The review's question to the ledger: which of these events has the chosen destination received already? */
export const alreadyDeliveredInputSchema = z.object({
  destination: z.enum(DESTINATION_NAMES),
  keys: z.array(z.string().regex(/^[0-9a-f]{32}$/, "must be a dedup key")).max(MAX_LEDGER_KEYS_PER_CALL),
});
