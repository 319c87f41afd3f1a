import "server-only";
import { createHash } from "node:crypto";
import { rememberedChoicesSchema, type RememberedChoices } from "@/lib/events/import-choices";
import type { Sql } from "@/lib/server/db/sql";

/** The workspace's choices for a header: who made them, with which file, and when. */
export type Remembered = { choices: RememberedChoices; fileName: string; savedAt: Date; savedBy: string | null };

/** The exact header, names and order as the file has them, as the key its choices are kept under. */
function headerHash(headers: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(headers)).digest("hex");
}

/**
 * Keeps the choices for this header for the whole workspace: every user who opens a file with it
 * starts from them, so that a re-import reads the file as the last import did. The latest import wins.
 */
export async function rememberChoices(
  sql: Sql,
  input: { userId: string; headers: readonly string[]; fileName: string; choices: RememberedChoices },
): Promise<void> {
  await sql.query(
    `INSERT INTO remembered_choices (user_id, header_hash, file_name, choices) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (header_hash) DO UPDATE
       SET user_id = EXCLUDED.user_id, file_name = EXCLUDED.file_name, choices = EXCLUDED.choices, saved_at = now()`,
    [input.userId, headerHash(input.headers), input.fileName, JSON.stringify(input.choices)],
  );
}

/** The workspace's choices for this exact header, when an import made some; choices that no longer fit it are ignored. */
export async function findRememberedChoices(sql: Sql, headers: readonly string[]): Promise<Remembered | null> {
  const [row] = await sql.query<{ choices: unknown; file_name: string; saved_at: Date; saved_by: string | null }>(
    `SELECT r.choices, r.file_name, r.saved_at, u.email AS saved_by
     FROM remembered_choices r LEFT JOIN users u ON u.id = r.user_id WHERE r.header_hash = $1`,
    [headerHash(headers)],
  );
  if (!row) return null;
  const parsed = rememberedChoicesSchema.safeParse(row.choices);
  if (!parsed.success) return null;
  const { email, event_name, time, params } = parsed.data;
  if ([email, event_name, time, ...params].some((index) => index >= headers.length)) return null;
  return { choices: parsed.data, fileName: row.file_name, savedAt: new Date(row.saved_at), savedBy: row.saved_by };
}
