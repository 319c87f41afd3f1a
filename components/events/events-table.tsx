import Link from "next/link";
import { TableShell } from "@/components/ui/table-shell";
import { formatUtc } from "@/lib/events/time-range";
import type { EventFilters } from "@/lib/contract/event-search";
import type { EventPage } from "@/lib/contract/stored-events";
import type { ParamValue } from "@/lib/events/json-params";
import { eventsHref } from "./events-href";

const COLUMNS = [{ label: "Time (UTC)" }, { label: "Email" }, { label: "Event" }, { label: "Parameters" }, { label: "Import" }];

/** A parameter as text: a JSON column's value (an order's items) as compact JSON. */
function showParam(value: ParamValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** One page of stored events, as text: whatever a file held shows as written and does nothing. */
export function EventsTable({ page, filters }: { page: EventPage; filters: EventFilters }) {
  if (page.events.length === 0) return <p className="text-slate-600">No stored event matches these filters.</p>;
  return (
    <section aria-label="Stored events" className="space-y-3">
      <TableShell caption="Stored events, newest first" columns={COLUMNS}>
        {page.events.map((event) => (
          <tr key={event.dedupKey} className="border-t border-slate-100 align-top" data-testid="event-row">
            <td className="whitespace-nowrap px-3 py-2 tabular-nums">{formatUtc(event.occurredAt)}</td>
            <td className="break-all px-3 py-2">{event.email}</td>
            <td className="break-all px-3 py-2">{event.eventName}</td>
            <td className="px-3 py-2">
              {Object.entries(event.params).map(([name, value]) => (
                <div key={name} className="break-all"><span className="text-slate-500">{name}:</span> {showParam(value)}</div>
              ))}
            </td>
            <td className="px-3 py-2">
              {event.importId && <Link href={`/imports/${event.importId}`} className="text-indigo-700 hover:underline">View import</Link>}
            </td>
          </tr>
        ))}
      </TableShell>
      <nav aria-label="Pages" className="flex justify-between text-sm">
        {page.newer ? <Link href={eventsHref(filters, { after: page.newer })} className="text-indigo-700 hover:underline">← Newer</Link> : <span />}
        {page.older ? <Link href={eventsHref(filters, { before: page.older })} className="text-indigo-700 hover:underline">Older →</Link> : <span />}
      </nav>
    </section>
  );
}
