"use server";

import { z } from "zod";
import { type ActionResult, guarded } from "@/lib/server/action-result";
import { actionCaller, mayRead } from "@/lib/server/auth/current";
import { getDb } from "@/lib/server/db/client";
import { findImport } from "@/lib/server/imports/queries";
import { reopenUndelivered } from "@/lib/server/imports/send-again";
import { enqueueForward } from "@/lib/server/jobs/import-jobs";

const sendAgainSchema = z.object({ importId: z.uuid() });

/** "Send the undelivered rows again": by the import's owner or an admin, for a failed import. */
export async function sendUndeliveredAgain(input: unknown): Promise<ActionResult<{ rows: number }>> {
  return guarded("imports", async (): Promise<ActionResult<{ rows: number }>> => {
    const caller = await actionCaller();
    if (!caller.ok) return caller;
    const parsed = sendAgainSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: "This is not an import." };
    const { sql } = await getDb();
    const view = await findImport(sql, parsed.data.importId);
    if (!view || !mayRead(caller.user, view.createdBy)) return { ok: false, error: "This import does not exist, or is not yours." };
    const reopened = await reopenUndelivered(sql, view.id);
    if (!reopened.ok) return reopened;
    await enqueueForward(view.id);
    return { ok: true, rows: reopened.rows };
  }, "The server could not send the rows again just now. Nothing was changed: try again.");
}
