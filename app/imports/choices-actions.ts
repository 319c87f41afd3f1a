"use server";

import { headerSchema } from "@/lib/events/import-choices";
import { type ActionResult, guarded } from "@/lib/server/action-result";
import { actionCaller } from "@/lib/server/auth/current";
import { getDb } from "@/lib/server/db/client";
import { findRememberedChoices as findFor } from "@/lib/server/imports/remembered-choices";
import type { RememberedChoices } from "@/lib/events/import-choices";
import { z } from "zod";

const findCallSchema = z.object({ headers: headerSchema });

export type RememberedView = { choices: RememberedChoices; fileName: string; savedAt: string } | null;

/** The caller's own choices for a file with exactly this header, for the mapping step to open with. */
export async function findRememberedChoices(input: unknown): Promise<ActionResult<{ remembered: RememberedView }>> {
  return guarded("imports", async (): Promise<ActionResult<{ remembered: RememberedView }>> => {
    const caller = await actionCaller();
    if (!caller.ok) return caller;
    const parsed = findCallSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: "The request was not valid (headers)." };
    const { sql } = await getDb();
    const found = await findFor(sql, caller.user.id, parsed.data.headers);
    if (!found) return { ok: true, remembered: null };
    return { ok: true, remembered: { choices: found.choices, fileName: found.fileName, savedAt: found.savedAt.toISOString().slice(0, 10) } };
  });
}
