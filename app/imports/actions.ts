"use server";

import { z } from "zod";
import { CONTACTS_FIRST_ONLY_YESPO, createImportInputSchema, destinationNameSchema, importTokenSchema } from "@/lib/contract/imports";
import { ROWS_PER_CALL, stagedBatchTextSchema, unpackRows } from "@/lib/contract/staged-rows";
import { FINGERPRINT_PATTERN } from "@/lib/csv/fingerprint";
import { loadStagingHashers, type StagingHashers } from "@/lib/events/dedup";
import { headerSchema, rememberedChoicesSchema } from "@/lib/events/import-choices";
import { checkGroupBy } from "@/lib/events/order-columns";
import { env } from "@/lib/env";
import { action } from "@/lib/server/action";
import { stagingImport } from "@/lib/server/action-scopes";
import { getDb } from "@/lib/server/db/client";
import { configuredDestinations, isConfiguredDestination } from "@/lib/server/destinations/configured";
import * as lifecycle from "@/lib/server/imports/lifecycle";
import { rememberChoices } from "@/lib/server/imports/remembered-choices";
import * as staging from "@/lib/server/imports/stage";
import { enqueueForward } from "@/lib/server/jobs/import-jobs";

let hasher: Promise<StagingHashers> | null = null;

/** Rows already staged stay staged whatever fails: a failed call loses nothing. */
const failure = "The server could not do that just now. Nothing was lost: try again.";

/**
 * What the wizard sends to start an import. The report goes to the signed-in user: no address comes
 * from the browser. The file's size and row count are declared so that a file over a limit is
 * refused before any row is sent; the limits are enforced again as rows arrive. The destination is
 * one of the configured ones, by name: where it is and its keys come from configuration only.
 */
const createCallSchema = createImportInputSchema.omit({ notifyEmail: true }).extend({
  destination: destinationNameSchema,
  fileBytes: z.number().int().min(0),
  rows: z.number().int().min(0),
  /** The file's header and the choices made for it, kept for the next file with this header. */
  remember: z.object({ headers: headerSchema, choices: rememberedChoicesSchema }).optional(),
  /** The file's fingerprint, by which its creator continues the upload should it stop. */
  fingerprint: z.string().regex(FINGERPRINT_PATTERN).optional(),
});

const plural = (count: number, word: string) => `${count.toLocaleString("en")} ${word}${count === 1 ? "" : "s"}`;

export const createImport = action({ role: "user", input: createCallSchema, failure }, async (input, { user }) => {
  const config = env();
  const { fileBytes, rows, remember, destination, fingerprint, ...details } = input;
  if (!isConfiguredDestination(destination)) {
    const names = configuredDestinations().map((choice) => choice.label).join(", ");
    return { ok: false, error: `The destination "${destination}" is not configured here: imports can go to ${names}.` };
  }
  if (fileBytes > config.MAX_FILE_BYTES) {
    return { ok: false, error: `The file is larger than ${plural(config.MAX_FILE_BYTES, "byte")}, the limit MAX_FILE_BYTES sets.` };
  }
  if (rows > config.MAX_ROWS_PER_IMPORT) {
    return { ok: false, error: `The file has more than ${plural(config.MAX_ROWS_PER_IMPORT, "row")}, the limit MAX_ROWS_PER_IMPORT sets for one import. Split it.` };
  }
  if (details.contactsFirst && destination !== "yespo") return { ok: false, error: CONTACTS_FIRST_ONLY_YESPO };
  // The order and line-item columns are parameters of the file; its own "items" would be lost.
  const grouping = details.groupBy ? checkGroupBy(details.columns.params, details.groupBy) : null;
  if (grouping) return { ok: false, error: grouping };
  const { sql } = await getDb();
  const started = await lifecycle.importsStartedSince(sql, user.id, new Date(Date.now() - 3_600_000));
  if (started >= config.IMPORTS_PER_HOUR) {
    return { ok: false, error: `You have started ${plural(started, "import")} in the last hour, the limit IMPORTS_PER_HOUR sets. Try again later.` };
  }
  const created = await lifecycle.createImport(sql, {
    ...details, notifyEmail: user.email, destination, createdBy: user.id, upload: { fingerprint, rows, mapChoices: remember?.choices },
  });
  if (remember) await rememberChoices(sql, { userId: user.id, fileName: details.fileName, ...remember });
  return { ok: true, ...created };
});

const stageCallSchema = z.object({
  importId: z.uuid(),
  token: importTokenSchema,
  seq: z.number().int().min(0).max(10_000_000),
  rows: stagedBatchTextSchema,
});

export const stageRows = action({ role: "user", input: stageCallSchema, scope: stagingImport, failure }, async ({ importId, seq, rows }, { target }) => {
  // Calls carry at most ROWS_PER_CALL rows, so the call number bounds the rows so far.
  const limit = env().MAX_ROWS_PER_IMPORT;
  if (seq * ROWS_PER_CALL + rows.rows.length > limit) {
    return { ok: false, error: `This import would pass ${plural(limit, "row")}, the limit MAX_ROWS_PER_IMPORT sets for one import.` };
  }
  const { sql } = await getDb();
  hasher ??= loadStagingHashers();
  const result = await staging.stageRows(sql, await hasher, {
    importId, seq, rows: unpackRows(rows), timeZone: target.timeZone, dateOrder: target.dateOrder, eventName: target.eventName,
    jsonParams: target.jsonParams, destination: target.destination, groupBy: target.groupBy,
  });
  return { ok: true, staged: result.staged, rejected: result.rejected };
});

const commitCallSchema = z.object({ importId: z.uuid(), token: importTokenSchema });

export const commitImport = action({ role: "user", input: commitCallSchema, scope: stagingImport, failure }, async (_input, { target }) => {
  const { sql } = await getDb();
  const { total } = await lifecycle.markQueued(sql, target.id);
  await enqueueForward(target.id);
  return { ok: true, total };
});
