"use server";

import { z } from "zod";
import { FINGERPRINT_PATTERN } from "@/lib/csv/fingerprint";
import { action } from "@/lib/server/action";
import { ownStagingImport } from "@/lib/server/action-scopes";
import { getDb } from "@/lib/server/db/client";
import * as unfinished from "@/lib/server/imports/unfinished-upload";

const failure = "The server could not look for an earlier upload of this file just now. Nothing was changed: try again.";
const fingerprint = z.string().regex(FINGERPRINT_PATTERN, "not a file's fingerprint");

/** The caller's own upload of this very file that stopped before all its rows arrived, if any. */
export const findUnfinishedUpload = action(
  { role: "user", input: z.object({ fingerprint }), failure },
  async (input, { user }) => {
    const { sql } = await getDb();
    return { ok: true, upload: await unfinished.findUnfinishedUpload(sql, user.id, input.fingerprint) };
  },
);

/**
 * Continues that upload: only its creator, with the same file (its fingerprint), while it still takes
 * rows. The answer carries a new token for the calls to come and the calls already stored.
 */
export const continueUpload = action(
  { role: "user", input: z.object({ importId: z.uuid("not an import's id"), fingerprint }), scope: ownStagingImport, failure },
  async (input, { user, target }) => {
    const { sql } = await getDb();
    const upload = await unfinished.continueUpload(sql, target.id, user.id, input.fingerprint);
    if (!upload) return { ok: false, error: "This upload can no longer be continued: it was discarded, or all its rows arrived. Send the file as a new import." };
    return { ok: true, upload };
  },
);
