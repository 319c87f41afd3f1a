"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { importTokenSchema } from "@/lib/contract/imports";
import { action } from "@/lib/server/action";
import { stagingImport, visibleImport } from "@/lib/server/action-scopes";
import { getDb } from "@/lib/server/db/client";
import { discardStagingImport } from "@/lib/server/imports/discard";

const failure = "The server could not discard the import just now. Nothing was changed: try again.";
const notStaging = "This import can no longer be discarded: all its rows arrived, and it is sent or being sent.";

/**
 * Discards an import whose rows never all arrived, for its owner or an admin: its staged rows go
 * with it, and it stops counting against the hourly limit. Nothing of it was delivered.
 */
export const discardImport = action(
  { role: "user", input: z.object({ importId: z.uuid("not an import's id") }), scope: visibleImport, failure },
  async (_input, { target }) => {
    if (target.status !== "staging") return { ok: false, error: notStaging };
    const { sql } = await getDb();
    if (!(await discardStagingImport(sql, target.id))) return { ok: false, error: notStaging };
    revalidatePath("/imports");
    return { ok: true };
  },
);

/** Cancel while the wizard uploads: its creator, with the import's token, discards the half-sent import. */
export const discardUpload = action(
  { role: "user", input: z.object({ importId: z.uuid(), token: importTokenSchema }), scope: stagingImport, failure },
  async (_input, { target }) => {
    const { sql } = await getDb();
    await discardStagingImport(sql, target.id);
    revalidatePath("/imports");
    return { ok: true };
  },
);
