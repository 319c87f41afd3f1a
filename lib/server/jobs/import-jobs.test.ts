import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/server/db/client";
import { stageTestImport } from "@/lib/server/testing/imports";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { stopBoss } from "./boss";
import { FORWARD_ERROR_LIMIT, enqueueForward, startImportWorkers } from "./import-jobs";

let database: Database;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  await startImportWorkers();
});
afterAll(async () => {
  await stopBoss();
  await dispose();
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("import jobs", () => {
  it("forward a committed import and leave its report in the outbox", async () => {
    const rows = [
      { row: 2, email: "a@example.com", event_name: "signup", time: "2020-01-01", params: {} },
      { row: 3, email: "b@example.com", event_name: "<b>bold</b>", time: "2020-13-01", params: {} },
    ];
    const id = await stageTestImport(database.sql, rows, {
      fileName: "jobs.csv", headers: { email: "Email", event_name: "Event", time: "When" }, notifyEmail: "ops@example.com",
    });
    await enqueueForward(id);
    const mail = await waitFor(async () => {
      const [message] = await database.sql.query<{ to_address: string; subject: string; html_body: string; attachments: { content: string }[] }>(
        `SELECT to_address, subject, html_body, attachments FROM outbox`,
      );
      return message;
    });
    expect(mail.to_address).toBe("ops@example.com");
    expect(mail.subject).toBe("Import of jobs.csv: done, with rejected rows, 1 delivered, 0 duplicates, 1 rejected");
    expect(mail.html_body).toContain("&lt;b&gt;bold&lt;/b&gt;");
    expect(mail.html_body).not.toContain("<b>bold</b>");
    expect(mail.attachments[0].content).toContain("Email,Event,When,row_number,rejection_reason");
    const [row] = await database.sql.query<{ status: string; report_sent_at: Date | null }>(
      `SELECT status, report_sent_at FROM imports WHERE id = $1`, [id]);
    expect(row.status).toBe("partial");
    expect(row.report_sent_at).not.toBeNull();
  });

  it("stop an import at its error limit, rejecting what is left with the reason, and still send its report", async () => {
    // Deaths of workers are not counted here (pg-boss retries those every 5 s, without a limit that matters); errors are.
    const rows = [{ row: 2, email: "a@example.com", event_name: "signup", time: "2020-01-01", params: {} }];
    const id = await stageTestImport(database.sql, rows, { fileName: "errors.csv", destination: "customerio", notifyEmail: "ops@example.com" });
    await database.sql.query(`UPDATE imports SET forward_errors = $2 WHERE id = $1`, [id, FORWARD_ERROR_LIMIT - 1]);
    await enqueueForward(id);
    const subject = await waitFor(async () => {
      const [message] = await database.sql.query<{ subject: string }>(`SELECT subject FROM outbox WHERE subject LIKE 'Import of errors.csv%'`);
      return message?.subject;
    });
    expect(subject).toBe("Import of errors.csv: failed, 0 delivered, 0 duplicates, 1 rejected");
    const [row] = await database.sql.query<{ reason: string }>(`SELECT reason FROM staged_rows WHERE import_id = $1`, [id]);
    expect(row.reason).toBe(`Delivery stopped after ${FORWARD_ERROR_LIMIT} errors on the server (its log has the details); these rows were not sent.`);
  });

  it("take up an import whose job was never queued, the process that committed it having died", async () => {
    await stopBoss();
    const rows = [{ row: 2, email: "stranded@example.com", event_name: "signup", time: "2020-01-01", params: {} }];
    await stageTestImport(database.sql, rows, { fileName: "stranded.csv", notifyEmail: "ops@example.com" });
    // A worker starting (or the next sweep) finds it.
    await startImportWorkers();
    const subject = await waitFor(async () => {
      const [message] = await database.sql.query<{ subject: string }>(`SELECT subject FROM outbox WHERE subject LIKE 'Import of stranded.csv%'`);
      return message?.subject;
    });
    expect(subject).toBe("Import of stranded.csv: done, 1 delivered, 0 duplicates, 0 rejected");
  });
});
