"use server";

import { z } from "zod";
import { headerSchema, type RememberedChoices } from "@/lib/events/import-choices";
import { action } from "@/lib/server/action";
import { getDb } from "@/lib/server/db/client";
import * as remembered from "@/lib/server/imports/remembered-choices";

const findCallSchema = z.object({ headers: headerSchema });

type RememberedView = { choices: RememberedChoices; fileName: string; savedAt: string } | null;

/** The caller's own choices for a file with exactly this header, for the mapping step to open with. */
export const findRememberedChoices = action(
  { role: "user", input: findCallSchema, invalid: "The request was not valid (headers)." },
  async ({ headers }, { user }): Promise<{ ok: true; remembered: RememberedView }> => {
    const { sql } = await getDb();
    const found = await remembered.findRememberedChoices(sql, user.id, headers);
    if (!found) return { ok: true, remembered: null };
    return { ok: true, remembered: { choices: found.choices, fileName: found.fileName, savedAt: found.savedAt.toISOString().slice(0, 10) } };
  },
);
