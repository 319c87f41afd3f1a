"use server";

import { alreadyDeliveredInputSchema, MAX_LEDGER_KEYS_PER_CALL } from "@/lib/contract/already-delivered";
import { action } from "@/lib/server/action";
import { getDb } from "@/lib/server/db/client";
import { identityOf, isConfiguredDestination } from "@/lib/server/destinations/configured";
import { findDelivered } from "@/lib/server/imports/ledger";
import { findChangedRepeats } from "@/lib/server/imports/changed-repeats";

/**
 * Which of the review's valid events the chosen destination has already received: the
 * positions, in `keys`, of those the ledger holds; and of the others, those it holds at the same
 * moment with other values, with the earlier parameters (decision 016). The ledger is the account's, not the user's: a
 * member learns only that events they hold in their own file were imported before.
 */
export const findAlreadyDelivered = action(
  {
    role: "user", input: alreadyDeliveredInputSchema,
    invalid: `The request was not valid: it must name a destination and carry at most ${MAX_LEDGER_KEYS_PER_CALL.toLocaleString("en")} dedup keys.`,
    failure: "The server could not check which events were already delivered just now.",
  },
  async ({ keys, moments, destination }) => {
    if (!isConfiguredDestination(destination)) return { ok: false, error: `The destination "${destination}" is not configured here.` };
    const { sql } = await getDb();
    const identity = identityOf(destination);
    const hits = new Set((await findDelivered(sql, identity, keys)).map((hit) => hit.dedupKey));
    const found = keys.flatMap((key, index) => (hits.has(key) ? [index] : []));
    const changed = moments ? (await findChangedRepeats(sql, identity, keys, moments)).filter((hit) => !hits.has(keys[hit.index])) : [];
    return { ok: true, found, changed };
  },
);
