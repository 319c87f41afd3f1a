"use server";

import { z } from "zod";
import { type ActionResult, guarded } from "@/lib/server/action-result";
import { actionCaller } from "@/lib/server/auth/current";
import { getDb } from "@/lib/server/db/client";
import { configuredIdentity } from "@/lib/server/destinations/configured";
import { findDelivered } from "@/lib/server/imports/ledger";
import { MAX_LEDGER_KEYS_PER_CALL } from "@/lib/review/ledger-keys";

const inputSchema = z.object({
  keys: z.array(z.string().regex(/^[0-9a-f]{32}$/, "must be a dedup key")).max(MAX_LEDGER_KEYS_PER_CALL),
});

/**
 * Which of the review's valid events the configured destination has already received: the
 * positions, in `keys`, of those the ledger holds. The ledger is the account's, not the user's: a
 * member learns only that events they hold in their own file were imported before.
 */
export async function findAlreadyDelivered(input: unknown): Promise<ActionResult<{ found: number[] }>> {
  return guarded("imports", async (): Promise<ActionResult<{ found: number[] }>> => {
    const caller = await actionCaller();
    if (!caller.ok) return caller;
    const parsed = inputSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: "The request was not valid: it must carry at most 5,000 dedup keys." };
    const { sql } = await getDb();
    const hits = new Set((await findDelivered(sql, configuredIdentity(), parsed.data.keys)).map((hit) => hit.dedupKey));
    return { ok: true, found: parsed.data.keys.flatMap((key, index) => (hits.has(key) ? [index] : [])) };
  }, "The server could not check which events were already delivered just now.");
}
