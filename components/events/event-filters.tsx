import Form from "next/form";
import Link from "next/link";
import type { SearchParams } from "@/lib/contract/event-search";

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

const INPUT = "rounded-md border border-slate-300 px-3 py-2";

/**
 * The filters as a GET form, so that every view of the list is a URL. It shows what the URL holds,
 * even when a value is wrong, so that it can be corrected where it was typed.
 */
export function EventFilters({ params }: { params: SearchParams }) {
  return (
    <Form action="/events" aria-label="Filter events" className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4">
      <div className="space-y-1">
        <label htmlFor="filter-email" className="block text-sm font-medium">Email</label>
        <input id="filter-email" name="email" type="text" inputMode="email" autoComplete="off" defaultValue={first(params.email)}
          className={`${INPUT} w-64`} />
      </div>
      <div className="space-y-1">
        <label htmlFor="filter-match" className="block text-sm font-medium">Email match</label>
        <select id="filter-match" name="match" defaultValue={first(params.match) || "exact"} className={INPUT}>
          <option value="exact">is exactly</option>
          <option value="prefix">starts with</option>
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="filter-event" className="block text-sm font-medium">Event name</label>
        <input id="filter-event" name="event" type="text" defaultValue={first(params.event)} className={`${INPUT} w-44`} />
      </div>
      <div className="space-y-1">
        <label htmlFor="filter-from" className="block text-sm font-medium">From (UTC)</label>
        <input id="filter-from" name="from" type="datetime-local" defaultValue={first(params.from)} className={INPUT} />
      </div>
      <div className="space-y-1">
        <label htmlFor="filter-to" className="block text-sm font-medium">To (UTC)</label>
        <input id="filter-to" name="to" type="datetime-local" defaultValue={first(params.to)} className={INPUT} />
      </div>
      {first(params.import) && (
        <p className="basis-full text-sm text-slate-600" data-testid="import-filter">
          <input type="hidden" name="import" value={first(params.import)} />
          Only the events of one import. <Link href="/events" className="text-indigo-700 hover:underline">Show every event</Link>
        </p>
      )}
      <div className="flex gap-3">
        <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700">Filter</button>
        <Link href="/events" className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100">Clear</Link>
      </div>
    </Form>
  );
}
