"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/server/action";
import { visibleImport } from "@/lib/server/action-scopes";
import { getDb } from "@/lib/server/db/client";
import { requestCancel } from "@/lib/server/imports/cancel";

const cancelInputSchema = z.object({ importId: z.uuid("not an import's id") });

/**
 * Cancels a running import, for its owner or an admin: sending stops after the batch in flight, and
 * the rows not yet sent are rejected "Cancelled by" the caller, ready to import later.
 */
export const cancelImport = action(
  { role: "user", input: cancelInputSchema, scope: visibleImport, failure: "The server could not cancel the import just now. It goes on; try again." },
  async (_input, { user, target }) => {
    const { sql } = await getDb();
    if (!(await requestCancel(sql, target.id, user.email))) {
      return { ok: false, error: "This import can no longer be cancelled: it has finished, or is still receiving rows." };
    }
    revalidatePath(`/imports/${target.id}`);
    return { ok: true };
  },
);
