import type { DestinationDescription } from "@/lib/contract/destination";

type Props = {
  destination: DestinationDescription;
  /** The Yespo account's time zone, when Yespo is the destination. */
  timeZone: string | null;
  triggerWindowHours: number;
  /** Whether events may be deleted there by time range; null where Backfill deletes nothing (webhook, Customer.io). */
  deleteAllowed: boolean | null;
};

/** Where events go and with which keys (masked), as configuration set it: nothing here can change it. */
export function DestinationSummary({ destination, timeZone, triggerWindowHours, deleteAllowed }: Props) {
  const rows: { term: string; value: string; code?: boolean }[] = [
    { term: "Destination", value: destination.label },
    { term: "Base URL", value: destination.url ?? "None: events stay in Backfill's own database", code: destination.url !== null },
    ...Object.entries(destination.maskedSecrets).map(([term, value]) => ({ term, value, code: true })),
    ...(timeZone ? [{ term: "Account time zone", value: timeZone }] : []),
    { term: "Trigger window", value: `${triggerWindowHours} hours: with "Trigger campaigns" on, events this recent may start campaigns` },
    ...(deleteAllowed === null ? [] : [{
      term: "Event delete",
      value: deleteAllowed ? "Allowed (ALLOW_EVENT_DELETE=true)" : "Not allowed: set ALLOW_EVENT_DELETE=true to delete events by time range",
    }]),
  ];
  return (
    <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="destination-summary">
      {rows.map(({ term, value, code }) => (
        <div key={term} className="grid grid-cols-[12rem_1fr] gap-4 px-4 py-3 text-sm">
          <dt className="font-medium text-slate-600">{term}</dt>
          <dd className={`break-all text-slate-900 ${code ? "font-mono" : ""}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
