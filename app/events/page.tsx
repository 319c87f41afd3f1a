import type { Metadata } from "next";
import { DeleteRangeForm } from "@/components/events/delete-range-form";
import { EventFilters } from "@/components/events/event-filters";
import { EventsTable } from "@/components/events/events-table";
import { NameCountsTable } from "@/components/events/name-counts";
import { env } from "@/lib/env";
import { pageAdmin } from "@/lib/server/auth/current";
import { getDb } from "@/lib/server/db/client";
import { readEventSearch, type SearchParams } from "@/lib/contract/event-search";
import { countEventsByName, listEvents } from "@/lib/server/events/queries";
import { deleteEventRange, previewEventDelete } from "./actions";

export const metadata: Metadata = { title: "Events" };
export const dynamic = "force-dynamic";

/** The built-in event store: filtered by the URL's search parameters, 50 events a page, newest first. */
export default async function EventsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  await pageAdmin("/events");
  const read = readEventSearch(params);
  const { DESTINATION, ALLOW_EVENT_DELETE } = env();
  const { sql } = await getDb();
  const results = read.ok
    ? await Promise.all([
        listEvents(sql, read.search, { before: read.search.before, after: read.search.after }),
        countEventsByName(sql, read.search),
      ])
    : null;

  return (
    <section className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Events</h1>
        <p className="text-slate-600">
          The built-in event store: every event imported into Backfill&apos;s own database, stored once.
          {DESTINATION !== "builtin" && " Imports go to another destination unless the wizard is told to send them here, so new events may not appear here."}
        </p>
      </header>
      <EventFilters params={params} />
      {!read.ok && (
        <p className="rounded-md border border-red-200 bg-red-50 p-4 text-red-800" data-testid="filter-error">
          These filters cannot be used: {read.error}
        </p>
      )}
      {read.ok && results && (
        <div className="grid gap-8 lg:grid-cols-[16rem_1fr]">
          <NameCountsTable counts={results[1]} filters={read.search} />
          <EventsTable page={results[0]} filters={read.search} />
        </div>
      )}
      {ALLOW_EVENT_DELETE && (
        <DeleteRangeForm
          title="Delete events by time range"
          description="Removes every stored event whose time falls in the range, whatever its email or name. You will see how many first."
          testId="delete-events"
          preview={previewEventDelete}
          remove={deleteEventRange}
        />
      )}
    </section>
  );
}
