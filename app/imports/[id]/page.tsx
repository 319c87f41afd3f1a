import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { CancelImportButton } from "@/components/imports/cancel-import-button";
import { DiscardImportButton } from "@/components/imports/discard-import-button";
import { ReportDelivery } from "@/components/imports/report-delivery";
import { LiveRefresh } from "@/components/live-refresh";
import { StatusBadge } from "@/components/status-badge";
import { MessageText } from "@/components/ui/message-text";
import { StatCards } from "@/components/ui/stat-cards";
import { TableShell } from "@/components/ui/table-shell";
import { readableTime } from "@/lib/events/readable-time";
import { mayRead, pageUser } from "@/lib/server/auth/current";
import { getDb } from "@/lib/server/db/client";
import { DESTINATION_LABELS } from "@/lib/server/destinations/configured";
import { findImport } from "@/lib/server/imports/queries";
import { loadRejectedRows } from "@/lib/server/imports/report";
import { DeliveryAttempts } from "@/components/imports/delivery-attempts";
import { ContactsStepProgress } from "@/components/imports/contacts-progress";
import { findContactsProgress } from "@/lib/server/imports/contacts-progress";
import { FinishedImport } from "@/components/imports/finished-import";
import { findDeliveryState } from "@/lib/server/imports/send-again";
import { sendUndeliveredAgain } from "./actions";

export const metadata: Metadata = { title: "Import" };
export const dynamic = "force-dynamic";

const SHOWN_REJECTED = 500;
const REJECTED_COLUMNS = [{ label: "Row" }, { label: "Email" }, { label: "Event" }, { label: "Time" }, { label: "Reason" }];

export default async function ImportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/imports/${encodeURIComponent(id)}`);
  if (!z.uuid().safeParse(id).success) notFound();
  const { sql } = await getDb();
  const view = await findImport(sql, id);
  // Someone else's import is "not found" too: no hint that it exists.
  if (!view || !mayRead(user, view.createdBy)) notFound();
  const finished = view.finishedAt !== null;
  const rejected = finished ? await loadRejectedRows(sql, id) : [];
  const contacts = await findContactsProgress(sql, id);
  const percent = view.total > 0 ? Math.round((view.settled / view.total) * 100) : 0;
  const elapsed = ((view.finishedAt ?? new Date()).getTime() - (view.startedAt ?? view.createdAt).getTime()) / 1000;
  const rate = view.startedAt && elapsed > 0 ? Math.round((view.delivered + view.duplicates) / elapsed) : null;
  const counts = [
    { key: "total", label: "Rows", value: view.total },
    { key: "delivered", label: "Delivered", value: view.delivered },
    { key: "duplicates", label: "Skipped as duplicates", value: view.duplicates },
    { key: "rejected", label: "Rejected", value: view.rejected },
  ];

  return (
    <article className="space-y-8">
      {/* The report is sent by a job of its own after the import ends: keep watching until it is recorded. */}
      <LiveRefresh active={!finished || view.reportSentAt === null} />
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">{view.fileName}</h1>
        <p className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
          <StatusBadge status={view.status} />
          <span data-testid="import-destination">To {DESTINATION_LABELS[view.destination] ?? view.destination}</span>
          <span>Trigger campaigns {view.triggerCampaigns ? "on" : "off"}</span>
          <span>Started {readableTime(view.createdAt, view.timeZone)}</span>
          <span data-testid="imported-by">Imported by {view.createdByEmail ?? (view.createdBy ? "a deleted account" : "the command line")}</span>
        </p>
        {(view.status === "queued" || view.status === "running") && <CancelImportButton importId={view.id} />}
        {view.status === "staging" && <DiscardImportButton importId={view.id} fileName={view.fileName} />}
      </header>

      {!finished && (
        <section aria-label="Progress" className="space-y-2">
          <div role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}
            className="h-2 overflow-hidden rounded bg-slate-200">
            <div className="h-full bg-indigo-600" style={{ width: `${percent}%` }} />
          </div>
          <p aria-live="polite" className="text-sm text-slate-600">
            {view.settled.toLocaleString("en")} of {view.total.toLocaleString("en")} rows settled, {view.batchesDone} batches
            {rate !== null ? `, ${rate.toLocaleString("en")} rows/s` : ""}
          </p>
        </section>
      )}

      {contacts && <ContactsStepProgress progress={contacts} finished={finished} />}
      {view.finishedAt && (
        <FinishedImport importId={view.id} timeZone={view.timeZone} startedAt={view.startedAt ?? view.createdAt} finishedAt={view.finishedAt}
          rejected={view.rejected} eventsLink={view.destination === "builtin" && user.role === "admin"} />
      )}
      <StatCards stats={counts} testIdPrefix="import" />
      <DeliveryAttempts importId={id} {...await findDeliveryState(sql, id)} sendAgain={sendUndeliveredAgain} />

      {view.error && <p className="rounded-md border border-red-200 bg-red-50 p-4 text-red-800">{view.error}</p>}

      {finished && (
        <section aria-labelledby="rejected-heading" className="space-y-4">
          <div className="flex items-center justify-between">
            <h2 id="rejected-heading" className="text-lg font-semibold">Rejected rows</h2>
            {rejected.length > 0 && (
              <a href={`/imports/${id}/rejected.csv`} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100">
                Download rejected rows (CSV)
              </a>
            )}
          </div>
          {rejected.length === 0 ? (
            <p className="text-slate-600">No row was rejected.</p>
          ) : (
            <>
              <TableShell caption="Rejected rows" columns={REJECTED_COLUMNS}>
                {rejected.slice(0, SHOWN_REJECTED).map((row) => (
                  <tr key={row.rowNumber} className="border-t border-slate-100 align-top" data-testid="rejected-row">
                    <td className="px-3 py-2 tabular-nums">{row.rowNumber}</td>
                    <td className="px-3 py-2">{row.email}</td>
                    <td className="px-3 py-2">{row.eventName}</td>
                    <td className="px-3 py-2">{row.time}</td>
                    <td className="px-3 py-2 text-red-700"><MessageText message={row.reason} /></td>
                  </tr>
                ))}
              </TableShell>
              {rejected.length > SHOWN_REJECTED && (
                <p className="text-sm text-slate-600">
                  The first {SHOWN_REJECTED} of {rejected.length.toLocaleString("en")}; the CSV has them all.
                </p>
              )}
            </>
          )}
          <ReportDelivery view={view} />
        </section>
      )}
    </article>
  );
}
