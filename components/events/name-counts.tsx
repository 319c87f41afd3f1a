import Link from "next/link";
import { TableShell } from "@/components/ui/table-shell";
import type { EventFilters } from "@/lib/contract/event-search";
import type { NameCounts } from "@/lib/contract/stored-events";
import { eventsHref } from "./events-href";

const COLUMNS = [{ label: "Event name" }, { label: "Events", numeric: true }];

/** How many events each name has under the other filters; each name links to the list narrowed to it. */
export function NameCountsTable({ counts, filters }: { counts: NameCounts; filters: EventFilters }) {
  const hidden = counts.distinctNames - counts.names.length;
  return (
    <section aria-labelledby="counts-heading" className="space-y-3">
      <h2 id="counts-heading" className="text-lg font-semibold">Events per name</h2>
      <p className="text-sm text-slate-600" data-testid="events-total">
        {counts.total.toLocaleString("en")} {counts.total === 1 ? "event" : "events"} under these filters
        {filters.event ? ", whatever their name" : ""}.
      </p>
      {counts.names.length > 0 && (
        <TableShell caption="Events per name, most first" columns={COLUMNS}>
          {counts.names.map(({ eventName, count }) => (
            <tr key={eventName} className={`border-t border-slate-100 ${eventName === filters.event ? "bg-indigo-50" : ""}`}>
              <td className="px-3 py-2">
                <Link href={eventsHref({ ...filters, event: eventName })} aria-current={eventName === filters.event ? "true" : undefined}
                  className="break-all text-indigo-700 hover:underline">
                  {eventName}
                </Link>
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{count.toLocaleString("en")}</td>
            </tr>
          ))}
        </TableShell>
      )}
      {hidden > 0 && <p className="text-sm text-slate-600">And {hidden.toLocaleString("en")} more names with fewer events.</p>}
    </section>
  );
}
