import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetEnv } from "@/lib/env";
import { loadDedupHasher } from "@/lib/events/dedup";
import type { Database } from "@/lib/server/db/client";
import { sendReport } from "@/lib/server/imports/report";
import { runImport } from "@/lib/server/imports/run-import";
import { stageRows, type StagedRowInput } from "@/lib/server/imports/stage";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { startSmtpCatcher } from "@/e2e/servers/smtp-catcher";
import { forgetTransport } from "./mailer";
import { INLINE_REJECTED_ROWS } from "./report-email";

let database: Database;
let dispose: () => Promise<void>;
let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
  smtp = await startSmtpCatcher();
});
afterAll(async () => {
  await smtp.close();
  await dispose();
});

function useSmtp(url: string) {
  process.env.SMTP_URL = url;
  forgetEnv();
  forgetTransport();
}

async function finishedImport(fileName: string, rows: StagedRowInput[]): Promise<string> {
  const [{ id }] = await database.sql.query<{ id: string }>(
    `INSERT INTO imports (file_name, time_zone, destination, columns, status, notify_email)
     VALUES ($1, 'UTC', 'builtin', $2, 'queued', 'marketer@example.com') RETURNING id`,
    [fileName, JSON.stringify({ email: "email", event_name: "event_name", time: "time", params: ["note"] })],
  );
  const hasher = await loadDedupHasher();
  for (let seq = 0; seq * 500 < rows.length; seq++) {
    await stageRows(database.sql, hasher, { importId: id, seq, rows: rows.slice(seq * 500, seq * 500 + 500), timeZone: "UTC" });
  }
  await runImport(database.sql, id);
  return id;
}

const good = (row: number): StagedRowInput => ({ row, email: `u${row}@example.com`, event_name: "order", time: "2021-05-01", params: {} });
const bad = (row: number, note: string): StagedRowInput => ({ row, email: `u${row}`, event_name: "order", time: "2021-05-01", params: { note } });

describe("the report email over SMTP", () => {
  it("gives the counts, every rejected row inline up to 100, and all of them attached", async () => {
    useSmtp(smtp.url);
    const rows = [good(2), good(3), ...Array.from({ length: 120 }, (_, i) => bad(4 + i, i === 0 ? "=HYPERLINK(\"x\")" : "<script>alert(1)</script>"))];
    const id = await finishedImport("orders\r\nBcc: victim@example.com.csv", rows);
    expect(await sendReport(database.sql, id)).toEqual({ via: "smtp", to: "marketer@example.com" });
    const mail = smtp.messages.at(-1)!;
    expect(mail.to && "text" in mail.to ? mail.to.text : "").toBe("marketer@example.com");
    expect(mail.headers.get("bcc")).toBeUndefined();
    expect(mail.subject).toBe(
      "Import of orders Bcc: victim@example.com.csv: done, with rejected rows, 2 delivered, 0 duplicates, 120 rejected",
    );
    expect(mail.text).toContain("Rejected: 120");
    expect(mail.text).toContain("Row 4 (u4, order, 2021-05-01, note: =HYPERLINK(\"x\")): `u4` is not an email address: it has no @.");
    expect(mail.text).toContain(`…and ${120 - INLINE_REJECTED_ROWS} more, all in the attached CSV.`);
    expect(mail.html).toContain("&lt;script&gt;");
    expect(mail.html).not.toContain("<script>");
    const csv = mail.attachments[0].content.toString("utf8");
    const lines = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("email,event_name,time,note,row_number,rejection_reason");
    expect(lines).toHaveLength(121);
    expect(lines[1]).toBe(`u4,order,2021-05-01,"'=HYPERLINK(""x"")",4,\`u4\` is not an email address: it has no @.`);
  });

  it("keeps the import's outcome when the SMTP server is down, and sends once it is back", async () => {
    useSmtp("smtp://127.0.0.1:9?ignoreTLS=true&connectionTimeout=2000");
    const id = await finishedImport("down.csv", [good(2), bad(3, "")]);
    await expect(sendReport(database.sql, id)).rejects.toThrow();
    const [row] = await database.sql.query<{ status: string; report_sent_at: Date | null }>(
      `SELECT status, report_sent_at FROM imports WHERE id = $1`, [id]);
    expect(row).toEqual({ status: "partial", report_sent_at: null });
    useSmtp(smtp.url);
    const before = smtp.messages.length;
    await sendReport(database.sql, id);
    await sendReport(database.sql, id);
    expect(smtp.messages.length).toBe(before + 1);
    expect(smtp.messages.at(-1)!.subject).toContain("Import of down.csv");
  });
});
