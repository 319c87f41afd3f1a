"use client";

import { useState } from "react";

import { DATE_ORDER_LABELS, type DateOrder, type DateOrderFinding } from "@/lib/events/date-order";
import { parseTime } from "@/lib/events/time";

const CHOICES: ("MDY" | "DMY")[] = ["MDY", "DMY"];

type Props = {
  finding: DateOrderFinding;
  /** The order chosen, or else the one the rows are read with. */
  selected: DateOrder | null;
  timeZone: string;
  error: string | undefined;
  onChoose: (order: DateOrder) => void;
};

/**
 * "Dates in this file are written as": shown when the time column has dates written with the year
 * last, set to the order the column proves, with how its first values that read two ways read in each.
 */
export function DateOrderChoice({ finding, selected, timeZone, error, onChoose }: Props) {
  // The moment the choice was first shown: what "now" means for reading its examples.
  const [nowMs] = useState(() => Date.now());
  if (finding.yearLast === 0 && selected === null) return null;
  return (
    <fieldset className="max-w-2xl space-y-2" data-testid="date-order" aria-describedby="date-order-note">
      <legend className="font-medium">Dates in this file are written as</legend>
      <div className="flex flex-wrap gap-3">
        {CHOICES.map((order) => (
          <label key={order} className={`rounded-md border px-3 py-2 ${selected === order ? "border-indigo-500 bg-indigo-50" : "border-slate-300"}`}>
            <span className="flex items-center gap-2">
              <input type="radio" name="date-order" value={order} checked={selected === order} onChange={() => onChoose(order)} />
              {DATE_ORDER_LABELS[order]}
            </span>
            <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
              {finding.examples.map((value) => (
                <li key={value}><code>{value}</code> → {reading(value, order, timeZone, nowMs)}</li>
              ))}
            </ul>
          </label>
        ))}
      </div>
      <p id="date-order-note" className="text-sm text-slate-600">
        {finding.proof
          ? <>Row {finding.proof.row} (<code>{finding.proof.value}</code>) can only be {DATE_ORDER_LABELS[finding.proof.order]}, so the whole column is read that way; a date that does not fit is shown as a problem.</>
          : <>Nothing in the file shows which comes first, the month or the day: choose, and every date is read that way.</>}
      </p>
      {error && <p role="alert" className="text-sm text-red-700" data-testid="date-order-error">{error}</p>}
    </fieldset>
  );
}

function reading(value: string, order: DateOrder, timeZone: string, nowMs: number): string {
  const time = parseTime(value, timeZone, nowMs, order);
  if (!time.ok) return "not a date";
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone }).format(new Date(time.instantMs));
}
