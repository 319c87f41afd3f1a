"use server";

import { z } from "zod";
import { action } from "@/lib/server/action";
import { visibleImport } from "@/lib/server/action-scopes";
import { getDb } from "@/lib/server/db/client";
import { reopenUndelivered } from "@/lib/server/imports/send-again";
import { enqueueForward } from "@/lib/server/jobs/import-jobs";

const sendAgainSchema = z.object({ importId: z.uuid() });

/** "Send the undelivered rows again": by the import's owner or an admin, for a failed import. */
export const sendUndeliveredAgain = action(
  {
    role: "user", input: sendAgainSchema, scope: visibleImport, invalid: "This is not an import.",
    failure: "The server could not send the rows again just now. Nothing was changed: try again.",
  },
  async (_input, { target }) => {
    const { sql } = await getDb();
    const reopened = await reopenUndelivered(sql, target.id);
    if (!reopened.ok) return reopened;
    await enqueueForward(target.id);
    return { ok: true, rows: reopened.rows };
  },
);
