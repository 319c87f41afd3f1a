"use server";

import { z } from "zod";
import { loadDedupHasher, type DedupHasher } from "@/lib/events/dedup";
import { env } from "@/lib/env";
import { type ActionResult, guarded as guardedAction } from "@/lib/server/action-result";
import { actionCaller } from "@/lib/server/auth/current";
import { getDb } from "@/lib/server/db/client";
import { enqueueForward } from "@/lib/server/jobs/import-jobs";
import {
  createImport as createImportRecord,
  createImportInputSchema,
  findStagingImport,
  importsStartedSince,
  importTokenSchema,
  markQueued,
} from "@/lib/server/imports/lifecycle";
import { rememberChoices } from "@/lib/server/imports/remembered-choices";
import { headerSchema, rememberedChoicesSchema } from "@/lib/events/import-choices";
import { EVENTS_PER_BATCH, stageRowsInputSchema } from "@/lib/contract/staged-rows";
import { stageRows as stageRowsInto } from "@/lib/server/imports/stage";

let hasher: Promise<DedupHasher> | null = null;

function describeInvalid(error: z.ZodError): string {
  const issue = error.issues[0];
  return `The request was not valid (${issue.path.join(".") || "input"}: ${issue.message}).`;
}

/** Rows already staged stay staged whatever fails: a failed call loses nothing. */
function guarded<T>(work: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  return guardedAction("imports", work, "The server could not do that just now. Nothing was lost: try again.");
}

const NOT_YOURS = "This import does not exist, is not yours, or no longer takes rows.";

/**
 * What the wizard sends to start an import. The report goes to the signed-in user: no address comes
 * from the browser. The file's size and row count are declared so that a file over a limit is
 * refused before any row is sent; the limits are enforced again as rows arrive.
 */
const createCallSchema = createImportInputSchema.omit({ notifyEmail: true }).extend({
  fileBytes: z.number().int().min(0),
  rows: z.number().int().min(0),
  /** The file's header and the choices made for it, kept for the next file with this header. */
  remember: z.object({ headers: headerSchema, choices: rememberedChoicesSchema }).optional(),
});

const plural = (count: number, word: string) => `${count.toLocaleString("en")} ${word}${count === 1 ? "" : "s"}`;

export async function createImport(input: unknown): Promise<ActionResult<{ importId: string; token: string }>> {
  return guarded(async (): Promise<ActionResult<{ importId: string; token: string }>> => {
    const caller = await actionCaller();
    if (!caller.ok) return caller;
    const parsed = createCallSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: describeInvalid(parsed.error) };
    const config = env();
    const { fileBytes, rows, remember, ...details } = parsed.data;
    if (fileBytes > config.MAX_FILE_BYTES) {
      return { ok: false, error: `The file is larger than ${plural(config.MAX_FILE_BYTES, "byte")}, the limit MAX_FILE_BYTES sets.` };
    }
    if (rows > config.MAX_ROWS_PER_IMPORT) {
      return { ok: false, error: `The file has more than ${plural(config.MAX_ROWS_PER_IMPORT, "row")}, the limit MAX_ROWS_PER_IMPORT sets for one import. Split it.` };
    }
    const { sql } = await getDb();
    const started = await importsStartedSince(sql, caller.user.id, new Date(Date.now() - 3_600_000));
    if (started >= config.IMPORTS_PER_HOUR) {
      return { ok: false, error: `You have started ${plural(started, "import")} in the last hour, the limit IMPORTS_PER_HOUR sets. Try again later.` };
    }
    const created = await createImportRecord(sql, {
      ...details,
      notifyEmail: caller.user.email,
      destination: config.DESTINATION,
      createdBy: caller.user.id,
    });
    if (remember) await rememberChoices(sql, { userId: caller.user.id, fileName: details.fileName, ...remember });
    return { ok: true, ...created };
  });
}

const stageCallSchema = stageRowsInputSchema.extend({ token: importTokenSchema });

export async function stageRows(input: unknown): Promise<ActionResult<{ staged: number; rejected: number }>> {
  return guarded(async (): Promise<ActionResult<{ staged: number; rejected: number }>> => {
    const caller = await actionCaller();
    if (!caller.ok) return caller;
    const parsed = stageCallSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: describeInvalid(parsed.error) };
    const { importId, token, seq, rows } = parsed.data;
    // Calls carry at most EVENTS_PER_BATCH rows, so the call number bounds the rows so far.
    const limit = env().MAX_ROWS_PER_IMPORT;
    if (seq * EVENTS_PER_BATCH + rows.length > limit) {
      return { ok: false, error: `This import would pass ${plural(limit, "row")}, the limit MAX_ROWS_PER_IMPORT sets for one import.` };
    }
    const { sql } = await getDb();
    const target = await findStagingImport(sql, importId, token, caller.user.id);
    if (!target) return { ok: false, error: NOT_YOURS };
    hasher ??= loadDedupHasher();
    const result = await stageRowsInto(sql, await hasher, {
      importId, seq, rows, timeZone: target.timeZone, dateOrder: target.dateOrder, eventName: target.eventName,
      jsonParams: target.jsonParams,
    });
    return { ok: true, staged: result.staged, rejected: result.rejected };
  });
}

const commitCallSchema = z.object({ importId: z.uuid(), token: importTokenSchema });

export async function commitImport(input: unknown): Promise<ActionResult<{ total: number }>> {
  return guarded(async (): Promise<ActionResult<{ total: number }>> => {
    const caller = await actionCaller();
    if (!caller.ok) return caller;
    const parsed = commitCallSchema.safeParse(input);
    if (!parsed.success) return { ok: false, error: describeInvalid(parsed.error) };
    const { sql } = await getDb();
    const target = await findStagingImport(sql, parsed.data.importId, parsed.data.token, caller.user.id);
    if (!target) return { ok: false, error: NOT_YOURS };
    const { total } = await markQueued(sql, target.id);
    await enqueueForward(target.id);
    return { ok: true, total };
  });
}
