"use server";

import { z } from "zod";
import { loadDedupHasher, type DedupHasher } from "@/lib/events/dedup";
import { env } from "@/lib/env";
import { getDb } from "@/lib/server/db/client";
import { enqueueForward } from "@/lib/server/jobs/import-jobs";
import {
  createImport as createImportRecord,
  createImportInputSchema,
  findStagingImport,
  importTokenSchema,
  markQueued,
} from "@/lib/server/imports/lifecycle";
import { stageRows as stageRowsInto, stageRowsInputSchema } from "@/lib/server/imports/stage";

export type ActionResult<T> = ({ ok: true } & T) | { ok: false; error: string };

let hasher: Promise<DedupHasher> | null = null;

function describeInvalid(error: z.ZodError): string {
  const issue = error.issues[0];
  return `The request was not valid (${issue.path.join(".") || "input"}: ${issue.message}).`;
}

/** Expected failures come back as values; anything else is logged here and never shown raw. */
async function guarded<T>(work: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await work();
  } catch (error) {
    console.error("[imports]", error);
    return { ok: false, error: "The server could not do that just now. Nothing was lost: try again." };
  }
}

const NOT_YOURS = "This import does not exist, is not yours, or no longer takes rows.";

export async function createImport(input: unknown): Promise<ActionResult<{ importId: string; token: string }>> {
  return guarded(async (): Promise<ActionResult<{ importId: string; token: string }>> => {
    const parsed = createImportInputSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: describeInvalid(parsed.error) };
    const { sql } = await getDb();
    const created = await createImportRecord(sql, { ...parsed.data, destination: env().DESTINATION, createdBy: null });
    return { ok: true, ...created };
  });
}

const stageCallSchema = stageRowsInputSchema.extend({ token: importTokenSchema });

export async function stageRows(input: unknown): Promise<ActionResult<{ staged: number; rejected: number }>> {
  return guarded(async (): Promise<ActionResult<{ staged: number; rejected: number }>> => {
    const parsed = stageCallSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: describeInvalid(parsed.error) };
    const { importId, token, seq, rows } = parsed.data;
    const { sql } = await getDb();
    const target = await findStagingImport(sql, importId, token);
    if (!target) return { ok: false, error: NOT_YOURS };
    hasher ??= loadDedupHasher();
    const result = await stageRowsInto(sql, await hasher, { importId, seq, rows, timeZone: target.timeZone });
    return { ok: true, staged: result.staged, rejected: result.rejected };
  });
}

const commitCallSchema = z.object({ importId: z.uuid(), token: importTokenSchema });

export async function commitImport(input: unknown): Promise<ActionResult<{ total: number }>> {
  return guarded(async (): Promise<ActionResult<{ total: number }>> => {
    const parsed = commitCallSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: describeInvalid(parsed.error) };
    const { sql } = await getDb();
    const target = await findStagingImport(sql, parsed.data.importId, parsed.data.token);
    if (!target) return { ok: false, error: NOT_YOURS };
    const { total } = await markQueued(sql, target.id);
    await enqueueForward(target.id);
    return { ok: true, total };
  });
}
