import type { NameCount } from "@/lib/review/summary";
import type { Timeline } from "@/lib/review/timeline";

const UNIT_NAMES = { day: "day", month: "month", year: "year" } as const;

/**
 * Events per day, month or year, on the calendar of the file's time zone (the worker buckets wall
 * times): a date format read wrongly shows at once as a lump in the wrong place.
 */
export function TimelineChart({ timeline, timeZone }: { timeline: Timeline; timeZone: string }) {
  const { buckets, unit, in1970, earliestMs, latestMs } = timeline;
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const range = earliestMs !== null && latestMs !== null
    ? `${new Date(earliestMs).toISOString().slice(0, 10)} to ${new Date(latestMs).toISOString().slice(0, 10)}`
    : null;
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4" data-testid="timeline">
      <figcaption className="text-sm font-medium text-slate-700">
        When the events happened, per {UNIT_NAMES[unit]} ({timeZone.replaceAll("_", " ")}){range && <span className="font-normal text-slate-500">: {range}</span>}
      </figcaption>
      {buckets.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">No valid event to place in time.</p>
      ) : (
        <>
          <div className="mt-3 flex h-28 items-end gap-px" role="list" aria-label={`Events per ${UNIT_NAMES[unit]}`}>
            {buckets.map((bucket) => (
              <div key={bucket.label} role="listitem" title={`${bucket.label}: ${bucket.count.toLocaleString("en")}`}
                aria-label={`${bucket.label}: ${bucket.count.toLocaleString("en")} events`}
                className="min-w-px flex-1 rounded-t-sm bg-indigo-500"
                style={{ height: `${bucket.count === 0 ? 0 : Math.max(2, (bucket.count / max) * 100)}%` }} />
            ))}
          </div>
          <div className="mt-1 flex justify-between text-xs text-slate-500" aria-hidden>
            <span>{buckets[0].label}</span>
            <span>{buckets.at(-1)!.label}</span>
          </div>
        </>
      )}
      {in1970 > 0 && (
        <p className="mt-2 text-sm text-amber-800" data-testid="timeline-1970">
          {in1970.toLocaleString("en")} {in1970 === 1 ? "event is" : "events are"} dated in 1970: is the time column empty, zero, or Unix seconds read as milliseconds?
        </p>
      )}
    </figure>
  );
}

/** The event names, most frequent first: a misspelt name shows up as a short bar of its own. */
export function EventNamesChart({ names, others }: { names: NameCount[]; others: number }) {
  const max = Math.max(1, ...names.map((name) => name.count));
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4" data-testid="event-names">
      <figcaption className="text-sm font-medium text-slate-700">Event names</figcaption>
      {names.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">No valid event yet.</p>
      ) : (
        <ul className="mt-3 space-y-1.5 text-sm">
          {names.map(({ name, count }) => (
            <li key={name} className="grid grid-cols-[minmax(0,10rem)_1fr_auto] items-center gap-2">
              <span className="truncate" title={name}>{name}</span>
              <span className="h-2 rounded bg-slate-100" aria-hidden>
                <span className="block h-2 rounded bg-indigo-500" style={{ width: `${(count / max) * 100}%` }} />
              </span>
              <span className="tabular-nums text-slate-600">{count.toLocaleString("en")}</span>
            </li>
          ))}
        </ul>
      )}
      {others > 0 && <p className="mt-2 text-xs text-slate-500">and {others.toLocaleString("en")} other names</p>}
    </figure>
  );
}
