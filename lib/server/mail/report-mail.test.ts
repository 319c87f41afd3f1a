import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetEnv } from "@/lib/env";
import type { Database } from "@/lib/server/db/client";
import { loadRejectedRows, rejectedAttachment, sendReport } from "@/lib/server/imports/report";
import { rejectedRowsCsv } from "@/lib/csv/rejected-rows";
import { runImport } from "@/lib/server/imports/run-import";
import type { StagedRowInput } from "@/lib/contract/staged-rows";
import { stageTestImport } from "@/lib/server/testing/imports";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { startSmtpCatcher } from "@/lib/testing/smtp-catcher";
import { createUser } from "@/lib/server/auth/users";
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

async function finishedImport(fileName: string, rows: StagedRowInput[], options: { timeZone?: string; params?: string[]; createdBy?: string } = {}): Promise<string> {
  const id = await stageTestImport(database.sql, rows, { fileName, notifyEmail: "marketer@example.com", params: ["note"], ...options });
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
    expect(mail.text).toContain("Imported by: the command line");
    expect(mail.text).toContain("Row 4 (u4, order, 2021-05-01, note: =HYPERLINK(\"x\")): \"u4\" is not an email address: it has no @.");
    expect(mail.html).toMatch(/<code[^>]*>u4<\/code> is not an email address/);
    // A table a reader can scan, row by row: the row, its email, event, time and reason.
    expect(mail.html).toMatch(/<th[^>]*>Row<\/th><th[^>]*>email<\/th><th[^>]*>event_name<\/th><th[^>]*>time<\/th><th[^>]*>Reason<\/th>/);
    expect(mail.text).toContain("What to do next: correct the rows in the attached rejected-rows.csv");
    expect(mail.text).toContain(`See the import: http://127.0.0.1:3000/imports/${id}`);
    expect(mail.html).toContain(`href="http://127.0.0.1:3000/imports/${id}"`);
    expect(mail.text).toContain(`…and ${120 - INLINE_REJECTED_ROWS} more, all in the attached CSV.`);
    expect(mail.html).toContain("&lt;script&gt;");
    expect(mail.html).not.toContain("<script>");
    const csv = mail.attachments[0].content.toString("utf8");
    const lines = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("email,event_name,time,note,row_number,rejection_reason");
    expect(lines).toHaveLength(121);
    expect(lines[1]).toBe(`u4,order,2021-05-01,"'=HYPERLINK(""x"")",4,"""u4"" is not an email address: it has no @."`);
  });

  it("names the importer by email, gives times in the import's zone and UTC, and values in the file's column order, empty ones shown", async () => {
    useSmtp(smtp.url);
    const user = await createUser(database.sql, { email: "ann@example.com", password: "a long enough password", role: "member" });
    const id = await finishedImport("brisbane.csv", [
      good(2),
      { row: 3, email: "", event_name: "order", time: "2021-05-01", params: { zeta: "last", alpha: "", mid: "m" } },
    ], { timeZone: "Australia/Brisbane", params: ["zeta", "alpha", "mid"], createdBy: user.id });
    await database.sql.query(`UPDATE imports SET created_at = '2015-01-02T03:05:00Z', finished_at = '2015-01-02T03:07:00Z' WHERE id = $1`, [id]);
    await sendReport(database.sql, id);
    const mail = smtp.messages.at(-1)!;
    expect(mail.text).toContain("Imported by: ann@example.com");
    expect(mail.text).toContain("Started: 2 Jan 2015, 13:05 (Australia/Brisbane) · 03:05 UTC");
    expect(mail.text).toContain("Finished: 2 Jan 2015, 13:07 (Australia/Brisbane) · 03:07 UTC");
    expect(mail.text).toContain("Row 3 ((empty), order, 2021-05-01, zeta: last; alpha: (empty); mid: m): ");
    expect(mail.html).toMatch(/<td[^>]*>\(empty\)<\/td><td[^>]*>order<div[^>]*>zeta: last; alpha: \(empty\); mid: m<\/div><\/td>/);
    expect(mail.text).toContain("Duration: 2 min");
    const lines = mail.attachments[0].content.toString("utf8").replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("email,event_name,time,zeta,alpha,mid,row_number,rejection_reason");
    expect(lines[1].startsWith(",order,2021-05-01,last,,m,3,")).toBe(true);
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

  it("attaches the rejected rows read a page at a time, the first that fit when they are more than an email carries", async () => {
    useSmtp(smtp.url);
    // More rows than a page (500), so that the attachment is read in three.
    const id = await finishedImport("many.csv", [good(2), ...Array.from({ length: 1_200 }, (_, i) => bad(3 + i, `note ${i}`))]);
    const columns = { email: "email", event_name: "event_name", time: "time", params: ["note"] };
    const whole = await rejectedAttachment(database.sql, id, columns);
    expect(whole).toEqual({ csv: rejectedRowsCsv(columns, await loadRejectedRows(database.sql, id)), rows: 1_200, complete: true });
    const lines = whole.csv.split("\r\n");
    const cut = await rejectedAttachment(database.sql, id, columns, lines.slice(0, 701).join("\r\n").length + 10);
    expect(cut).toEqual({ csv: lines.slice(0, 701).join("\r\n"), rows: 700, complete: false });

    await sendReport(database.sql, id);
    const mail = smtp.messages.at(-1)!;
    expect(mail.text).toContain(`…and ${(1_200 - INLINE_REJECTED_ROWS).toLocaleString("en")} more, all in the attached CSV.`);
    expect(mail.attachments[0].content.toString("utf8")).toBe(whole.csv);
  });
});
