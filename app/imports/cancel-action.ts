"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type ActionResult, guarded } from "@/lib/server/action-result";
import { actionCaller, mayRead } from "@/lib/server/auth/current";
import { getDb } from "@/lib/server/db/client";
import { requestCancel } from "@/lib/server/imports/cancel";
import { findImport } from "@/lib/server/imports/queries";

const cancelInputSchema = z.object({ importId: z.uuid() });

/**
 * Cancels a running import, for its owner or an admin: sending stops after the batch in flight, and
 * the rows not yet sent are rejected "Cancelled by" the caller, ready to import later.
 */
export async function cancelImport(input: unknown): Promise<ActionResult<object>> {
  return guarded("imports", async (): Promise<ActionResult<object>> => {
    const caller = await actionCaller();
    if (!caller.ok) return caller;
    const parsed = cancelInputSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: "The request was not valid (importId: not an import's id)." };
    const { sql } = await getDb();
    const view = await findImport(sql, parsed.data.importId);
    if (!view || !mayRead(caller.user, view.createdBy)) return { ok: false, error: "This import does not exist, or is not yours." };
    if (!(await requestCancel(sql, view.id, caller.user.email))) {
      return { ok: false, error: "This import can no longer be cancelled: it has finished, or is still receiving rows." };
    }
    revalidatePath(`/imports/${view.id}`);
    return { ok: true };
  }, "The server could not cancel the import just now. It goes on; try again.");
}
