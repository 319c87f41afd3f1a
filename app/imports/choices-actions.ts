"use server";

import { z } from "zod";
import { headerSchema } from "@/lib/events/import-choices";
import type { RememberedView } from "@/lib/review/choice-differences";
import { action } from "@/lib/server/action";
import { getDb } from "@/lib/server/db/client";
import * as remembered from "@/lib/server/imports/remembered-choices";

const findCallSchema = z.object({ headers: headerSchema });

/**
 * The workspace's choices for a file with exactly this header, whoever made them, for the mapping step
 * to open with: a re-import then reads the file as the last import did.
 */
export const findRememberedChoices = action(
  { role: "user", input: findCallSchema, invalid: "The request was not valid (headers)." },
  async ({ headers }): Promise<{ ok: true; remembered: RememberedView | null }> => {
    const { sql } = await getDb();
    const found = await remembered.findRememberedChoices(sql, headers);
    if (!found) return { ok: true, remembered: null };
    const savedAt = found.savedAt.toISOString().slice(0, 10);
    return { ok: true, remembered: { choices: found.choices, fileName: found.fileName, savedAt, savedBy: found.savedBy } };
  },
);
