import { describe, expect, it } from "vitest";
import type { ReportData } from "@/lib/server/imports/report-data";
import { reportEmail } from "./report-email";

/** A finished import with one rejected row whose columns are named as an object's own machinery is. */
function reportWith(params: Record<string, string>): ReportData {
  const at = new Date("2024-05-01T10:00:00Z");
  return {
    importId: "8a3c0f5e-8b4e-4d61-9d0c-2f1e6b7a9c01", fileName: "machinery.csv", uploader: "ann@example.com", timeZone: "UTC",
    createdAt: at, finishedAt: at, destination: "Built-in event store", triggerCampaigns: false, status: "partial",
    counts: { total: 1, delivered: 0, duplicates: 0, rejected: 1 },
    rejected: [{ rowNumber: 2, email: "ann", eventName: "order", time: "2024-05-01", params, reason: "The email is not an address." }],
    columns: { email: "email", event_name: "event_name", time: "time", params: ["constructor", "toString", "hasOwnProperty", "note"] },
    importUrl: "http://127.0.0.1:3000/imports/8a3c0f5e-8b4e-4d61-9d0c-2f1e6b7a9c01", error: null,
  };
}

describe("the report email's rejected rows", () => {
  it("shows an empty cell of a column named constructor or toString as empty, never the object's own functions", () => {
    const mail = reportEmail(reportWith({ note: "kept" }), { csv: "", rows: 1, complete: true });
    for (const body of [mail.text, mail.html]) {
      expect(body).not.toContain("native code");
      expect(body).not.toContain("function");
      expect(body).toContain("constructor: (empty); toString: (empty); hasOwnProperty: (empty); note: kept");
    }
  });

  it("shows the row's own values in those columns", () => {
    const mail = reportEmail(reportWith({ constructor: "c", toString: "t", hasOwnProperty: "h", note: "n" }), { csv: "", rows: 1, complete: true });
    expect(mail.text).toContain("constructor: c; toString: t; hasOwnProperty: h; note: n");
  });
});

describe("the report email's summary", () => {
  it("formats the subject's numbers as the pages do, says what to do next, and links to the import", () => {
    const report = reportWith({});
    const mail = reportEmail({ ...report, counts: { total: 3_500, delivered: 1_983, duplicates: 1_200, rejected: 317 } }, { csv: "csv", rows: 317, complete: true });
    expect(mail.subject).toBe("Import of machinery.csv: done, with rejected rows, 1,983 delivered, 1,200 duplicates, 317 rejected");
    expect(mail.text).toContain("Rows: 3,500");
    expect(mail.text).toContain("What to do next: correct the rows in the attached rejected-rows.csv");
    expect(mail.html).toContain(`<a href="${report.importUrl}"`);
    expect(mail.attachments.map((file) => file.filename)).toEqual(["rejected-rows.csv"]);
    const clean = reportEmail({ ...report, rejected: [], counts: { total: 2, delivered: 2, duplicates: 0, rejected: 0 } }, null);
    expect(clean.text).toContain("Nothing is left to do: every row was delivered or was there already.");
    expect(clean.attachments).toEqual([]);
  });

  it("says when the attachment holds only the first rejected rows, and where all of them are", () => {
    const report = reportWith({});
    const counts = { total: 2_000_000, delivered: 1_700_000, duplicates: 0, rejected: 300_000 };
    const mail = reportEmail({ ...report, counts }, { csv: "csv", rows: 41_250, complete: false });
    expect(mail.text).toContain("…and 299,999 more.");
    expect(mail.text).toContain("The attached CSV holds the first 41,250 of the 300,000 rejected rows (an email carries a few megabytes at most); download them all from the import's page.");
    expect(mail.html).toContain("The attached CSV holds the first 41,250 of the 300,000 rejected rows");
    expect(mail.attachments.map((file) => file.content)).toEqual(["csv"]);
  });
});
