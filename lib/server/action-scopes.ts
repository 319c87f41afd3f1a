import "server-only";
import type { ImportView } from "@/lib/contract/import-view";
import { mayRead } from "@/lib/server/auth/current";
import { getDb } from "@/lib/server/db/client";
import { findStagingImport, type StagingImport } from "@/lib/server/imports/lifecycle";
import { findImport } from "@/lib/server/imports/queries";
import type { ActionScope } from "./action";

/** An import that still takes rows: its creator's, with its token. */
export const stagingImport: ActionScope<{ importId: string; token: string }, StagingImport> = {
  refusal: "This import does not exist, is not yours, or no longer takes rows.",
  find: async ({ importId, token }, user) => findStagingImport((await getDb()).sql, importId, token, user.id),
};

/** An import that still takes rows, its creator's, without its token: the tab that held it may be gone. */
export const ownStagingImport: ActionScope<{ importId: string }, { id: string }> = {
  refusal: stagingImport.refusal,
  find: async ({ importId }, user) => {
    const [row] = await (await getDb()).sql.query<{ id: string }>(
      `SELECT id FROM imports WHERE id = $1 AND created_by = $2 AND status = 'staging'`, [importId, user.id]);
    return row ?? null;
  },
};

/** An import its creator, or an admin, may see and act on. */
export const visibleImport: ActionScope<{ importId: string }, ImportView> = {
  refusal: "This import does not exist, or is not yours.",
  find: async ({ importId }, user) => {
    const view = await findImport((await getDb()).sql, importId);
    return view && mayRead(user, view.createdBy) ? view : null;
  },
};
