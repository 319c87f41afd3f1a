"use client";

import { useMemo, useState } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { listTimeZones, searchTimeZones, zoneLabel } from "@/lib/events/time-zones";

type Props = {
  /** The zone chosen now: always among the options, whatever the search. */
  selected: string;
  /** The mapping form's own field. */
  field: UseFormRegisterReturn<"timeZone">;
};

/**
 * The zone of times written without one: by current name (Europe/Kyiv), with its offset from UTC
 * today, and a search over both that narrows the list.
 */
export function TimeZoneChoice({ selected, field }: Props) {
  const [now] = useState(() => Date.now());
  const [search, setSearch] = useState("");
  const zones = useMemo(() => listTimeZones(selected), [selected]);
  const matching = useMemo(() => searchTimeZones(zones, search, now), [zones, search, now]);
  const found = matching.includes(selected) ? matching : [selected, ...matching];

  return (
    <div className="max-w-md space-y-1">
      <label htmlFor="time-zone" className="block font-medium">Time zone of times written without one</label>
      <div className="flex flex-wrap gap-2">
        <label className="sr-only" htmlFor="time-zone-search">Find a time zone</label>
        <input id="time-zone-search" type="search" value={search} onChange={(event) => setSearch(event.target.value)}
          placeholder="Find: Kyiv, New York, UTC+05:30" data-testid="time-zone-search"
          className="min-w-0 flex-1 basis-40 rounded-md border border-slate-300 px-2 py-1.5" />
        <select id="time-zone" {...field} className="min-w-0 flex-1 basis-56 rounded-md border border-slate-300 bg-white px-2 py-1.5" data-testid="time-zone">
          {found.map((zone) => <option key={zone} value={zone}>{zoneLabel(zone, now)}</option>)}
        </select>
      </div>
      <p className="text-sm text-slate-600" aria-live="polite">
        {search.trim() === "" ? "" : `${matching.length === 1 ? "1 zone matches" : `${matching.length.toLocaleString("en")} zones match`}. `}
        Times such as <code>2024-03-01 14:30</code> are read in this zone; times with an offset (<code>+02:00</code>, <code>Z</code>) or Unix timestamps are not affected.
      </p>
    </div>
  );
}
