import { loadStagingHashers } from "@/lib/events/dedup";
import type { RowOutcome } from "@/lib/events/validator";
import { readEventsFile } from "@/lib/csv/read-events-file";
import { fileSource } from "@/lib/cli/file-source";
import { getDb } from "@/lib/server/db/client";
import { createImport, markQueued } from "@/lib/server/imports/lifecycle";
import { runImport } from "@/lib/server/imports/run-import";
import { EVENTS_PER_BATCH, type StagedRowInput } from "@/lib/contract/staged-rows";
import { stageRows } from "@/lib/server/imports/stage";

async function readRows(file: string): Promise<StagedRowInput[]> {
  const source = await fileSource(file);
  const rows: RowOutcome[] = [];
  try {
    await readEventsFile(source, { timeZone: "UTC", nowMs: Date.now(), onRow: (outcome) => rows.push(outcome) });
  } finally {
    await source.close();
  }
  return rows.map(({ row, input }) => ({ row, ...input }));
}

/**
 * Stages every row of the file through stageRows (the server action's work, checks included) into
 * the database, for an import to `destination`; times it.
 */
export async function stageFileRows(file: string, destination: string) {
  const rows = await readRows(file);
  const { sql } = await getDb();
  const hasher = await loadStagingHashers();
  const columns = { email: "email", event_name: "event_name", time: "time", params: ["amount", "city"] };
  const { importId } = await createImport(sql, {
    fileName: "bench.csv", columns, timeZone: "UTC", triggerCampaigns: false, notifyEmail: null,
    destination, createdBy: null,
  });
  const started = performance.now();
  for (let seq = 0; seq * EVENTS_PER_BATCH < rows.length; seq++) {
    const batch = rows.slice(seq * EVENTS_PER_BATCH, (seq + 1) * EVENTS_PER_BATCH);
    await stageRows(sql, hasher, { importId, seq, rows: batch, timeZone: "UTC" });
  }
  return { importId, rows: rows.length, stageSeconds: (performance.now() - started) / 1000 };
}

/** Stages every row of the file, then forwards the import into the built-in store; times each phase. */
export async function measureStageAndForward(file: string) {
  const { sql } = await getDb();
  const { importId, rows, stageSeconds } = await stageFileRows(file, "builtin");
  await markQueued(sql, importId);
  const started = performance.now();
  const outcome = await runImport(sql, importId);
  const forwardSeconds = (performance.now() - started) / 1000;
  if (!outcome.finished) throw new Error(`the import did not finish: ${outcome.reason}`);
  return { rows, stage_seconds: stageSeconds, forward_seconds: forwardSeconds, delivered: outcome.counts.delivered };
}

/** The floor for staging: the same rows, plain multi-row INSERTs of 500, no checks, into the same table. */
export async function measureBareInsert(file: string) {
  const rows = await readRows(file);
  const { sql } = await getDb();
  const { importId } = await createImport(sql, {
    fileName: "bare.csv", columns: { email: "e", event_name: "n", time: "t", params: [] }, timeZone: "UTC",
    triggerCampaigns: false, notifyEmail: null, destination: "builtin", createdBy: null,
  });
  const started = performance.now();
  for (let start = 0; start < rows.length; start += EVENTS_PER_BATCH) {
    const batch = rows.slice(start, start + EVENTS_PER_BATCH);
    const values: unknown[] = [importId];
    const tuples = batch.map((row, i) => {
      values.push(row.row, row.email, row.event_name, row.time, JSON.stringify(row.params));
      const at = 2 + i * 5;
      return `($1, $${at}, 0, $${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}::jsonb, 'pending')`;
    });
    await sql.query(
      `INSERT INTO staged_rows (import_id, row_number, seq, email, event_name, time_text, params, state) VALUES ${tuples.join(",")}`,
      values,
    );
  }
  return { rows: rows.length, insert_seconds: (performance.now() - started) / 1000 };
}
