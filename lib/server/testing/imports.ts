import "server-only";
import { loadDedupHasher } from "@/lib/events/dedup";
import type { Sql } from "@/lib/server/db/sql";
import type { StagedRowInput } from "@/lib/contract/staged-rows";
import { stageRows } from "@/lib/server/imports/stage";

/** Waits until the probe says yes; a probe that fails (a database that is down) is a "not yet". */
export async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A queued import of `total` rows into the built-in store, staged 500 at a time as the wizard does;
 * `row(n)` makes the row with spreadsheet row number n (the first is 2).
 */
export async function stageQueuedImport(
  sql: Sql,
  fileName: string,
  total: number,
  row: (n: number) => StagedRowInput,
  destination = "builtin",
): Promise<string> {
  const [{ id }] = await sql.query<{ id: string }>(
    `INSERT INTO imports (file_name, time_zone, destination, columns, status)
     VALUES ($1, 'UTC', $3, $2, 'queued') RETURNING id`,
    [fileName, JSON.stringify({ email: "email", event_name: "event_name", time: "time", params: [] }), destination],
  );
  const hasher = await loadDedupHasher();
  for (let seq = 0; seq * 500 < total; seq++) {
    const rows = Array.from({ length: Math.min(500, total - seq * 500) }, (_, i) => row(seq * 500 + i + 2));
    await stageRows(sql, hasher, { importId: id, seq, rows, timeZone: "UTC" });
  }
  return id;
}
