import "server-only";
import { createHash } from "node:crypto";
import { rememberedChoicesSchema, type RememberedChoices } from "@/lib/events/import-choices";
import type { Sql } from "@/lib/server/db/sql";

export type Remembered = { choices: RememberedChoices; fileName: string; savedAt: Date };

/** The exact header, names and order as the file has them, as the key its choices are kept under. */
function headerHash(headers: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(headers)).digest("hex");
}

/** Keeps the user's choices for this header; the latest import with it wins. */
export async function rememberChoices(
  sql: Sql,
  input: { userId: string; headers: readonly string[]; fileName: string; choices: RememberedChoices },
): Promise<void> {
  await sql.query(
    `INSERT INTO remembered_choices (user_id, header_hash, file_name, choices) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (user_id, header_hash) DO UPDATE SET file_name = EXCLUDED.file_name, choices = EXCLUDED.choices, saved_at = now()`,
    [input.userId, headerHash(input.headers), input.fileName, JSON.stringify(input.choices)],
  );
}

/** The user's choices for this exact header, when they made some; choices that no longer fit it are ignored. */
export async function findRememberedChoices(sql: Sql, userId: string, headers: readonly string[]): Promise<Remembered | null> {
  const [row] = await sql.query<{ choices: unknown; file_name: string; saved_at: Date }>(
    `SELECT choices, file_name, saved_at FROM remembered_choices WHERE user_id = $1 AND header_hash = $2`,
    [userId, headerHash(headers)],
  );
  if (!row) return null;
  const parsed = rememberedChoicesSchema.safeParse(row.choices);
  if (!parsed.success) return null;
  const { email, event_name, time, params } = parsed.data;
  if ([email, event_name, time, ...params].some((index) => index >= headers.length)) return null;
  return { choices: parsed.data, fileName: row.file_name, savedAt: new Date(row.saved_at) };
}
