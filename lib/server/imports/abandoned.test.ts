import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { getBoss, stopBoss } from "@/lib/server/jobs/boss";
import { createTestImport, stageTestImport, until } from "@/lib/server/testing/imports";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { loadStagingHashers } from "@/lib/events/dedup";
import { ABANDON_QUEUE, startAbandonSweep, sweepSchedule } from "./abandon-job";
import { stageRows } from "./stage";

let database: Database;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  await startAbandonSweep(await getBoss());
});
afterAll(async () => {
  await stopBoss();
  await dispose();
});

const row = (n: number) => ({ row: n, email: `u${n}@example.com`, event_name: "signup", time: "2024-01-01", params: {} });

async function halfSent(fileName: string, hoursAgo: number): Promise<string> {
  const id = await createTestImport(database.sql, { fileName, notifyEmail: "ann@example.com" });
  await stageRows(database.sql, await loadStagingHashers(), { importId: id, seq: 0, rows: [row(2), row(3)], timeZone: "UTC" });
  await database.sql.query(`UPDATE imports SET created_at = now() - make_interval(hours => $2) WHERE id = $1`, [id, hoursAgo]);
  return id;
}

const exists = async (id: string) => (await database.sql.query(`SELECT 1 FROM imports WHERE id = $1`, [id])).length > 0;

describe("the sweep of abandoned uploads", () => {
  it("discards an import whose upload stopped over STAGING_ABANDON_HOURS ago, with its rows, and tells its owner", async () => {
    const old = await halfSent("stopped.csv", 25);
    const recent = await halfSent("still-going.csv", 2);
    const committed = await stageTestImport(database.sql, [row(2)], { fileName: "committed.csv" });
    await database.sql.query(`UPDATE imports SET created_at = now() - interval '48 hours' WHERE id = $1`, [committed]);

    // The job as pg-boss runs it on its schedule, asked for now rather than at the next quarter hour.
    await (await getBoss()).send(ABANDON_QUEUE, {});
    await until(async () => !(await exists(old)), 30_000);
    expect(await exists(recent)).toBe(true);
    expect(await exists(committed)).toBe(true);
    const [{ n }] = await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM staged_rows WHERE import_id = $1`, [old]);
    expect(n).toBe(0);

    const mail = await database.sql.query<{ to_address: string; subject: string; text_body: string }>(
      `SELECT to_address, subject, text_body FROM outbox WHERE subject LIKE 'Import of stopped.csv%'`);
    expect(mail).toEqual([{
      to_address: "ann@example.com",
      subject: "Import of stopped.csv: discarded, its upload never finished",
      text_body: expect.stringContaining("Its upload stopped after 2 rows, and nobody continued it within 24 hours."),
    }]);
  });

  it("looks every quarter of an hour, or every minute for a limit under an hour, which a quarter would overshoot", () => {
    expect(sweepSchedule(24)).toBe("*/15 * * * *");
    expect(sweepSchedule(1)).toBe("*/15 * * * *");
    expect(sweepSchedule(0.5)).toBe("* * * * *");
  });
});
