"use server";

import { alreadyDeliveredInputSchema, MAX_LEDGER_KEYS_PER_CALL } from "@/lib/contract/already-delivered";
import { action } from "@/lib/server/action";
import { getDb } from "@/lib/server/db/client";
import { configuredIdentity } from "@/lib/server/destinations/configured";
import { findDelivered } from "@/lib/server/imports/ledger";
import { findChangedRepeats } from "@/lib/server/imports/changed-repeats";

/**
 * Which of the review's valid events the configured destination has already received: the
 * positions, in `keys`, of those the ledger holds; and of the others, those it holds at the same
 * moment with other values, with the earlier parameters (decision 012). The ledger is the account's, not the user's: a
 * member learns only that events they hold in their own file were imported before.
 */
export const findAlreadyDelivered = action(
  {
    role: "user", input: alreadyDeliveredInputSchema,
    invalid: `The request was not valid: it must carry at most ${MAX_LEDGER_KEYS_PER_CALL.toLocaleString("en")} dedup keys.`,
    failure: "The server could not check which events were already delivered just now.",
  },
  async ({ keys, moments }) => {
    const { sql } = await getDb();
    const destination = configuredIdentity();
    const hits = new Set((await findDelivered(sql, destination, keys)).map((hit) => hit.dedupKey));
    const found = keys.flatMap((key, index) => (hits.has(key) ? [index] : []));
    const changed = moments ? (await findChangedRepeats(sql, destination, keys, moments)).filter((hit) => !hits.has(keys[hit.index])) : [];
    return { ok: true, found, changed };
  },
);
