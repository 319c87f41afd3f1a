"use client";

import { useEffect, useState } from "react";
import { countOf } from "@/lib/review/format";
import { ReplacePanel } from "./replace-panel";
import { StepActions } from "./step-actions";
import { UndoButton } from "./undo-button";
import { TypoSuggestions } from "./typo-suggestions";
import { ReviewCountCards, countCards } from "./review-counts";
import type { ReasonCount, ReplaceAction, ReplaceMatch } from "@/lib/review/edits";
import { EventNamesChart, TimelineChart } from "./review-charts";
import { ReviewGrid } from "./review-grid";
import type { GridPage, RowFilter } from "@/lib/review/queries";
import { AlreadyDeliveredNote } from "./already-delivered-note";
import { ChangedRepeatsNote } from "./changed-repeats-note";
import type { AlreadyDelivered } from "./use-already-delivered";
import type { ReviewSummary } from "@/lib/review/worker-protocol";

export const PAGE_ROWS = 200;

type Props = {
  fileName: string;
  summary: ReviewSummary;
  /** A change is being checked in the worker: counts and rows are about to change. */
  checking: boolean;
  requestPage: (filter: RowFilter, search: string, offset: number, limit: number) => Promise<GridPage>;
  /** How many valid events the destination already holds (the ledger's answer), while and once it is known. */
  alreadyDelivered?: AlreadyDelivered | null;
  /** Whether the rows already imported with other values are sent anyway (skipped by default). */
  sendChanged?: boolean;
  onSendChanged?: (send: boolean) => void;
  destination?: string;
  onFix: (index: number, column: number, value: string) => void;
  onLeaveOut: (indices: number[], leftOut: boolean) => void;
  onLeaveOutInvalid: () => void;
  requestReasons: (column: number) => Promise<ReasonCount[]>;
  onReplace: (column: number, match: ReplaceMatch, action: ReplaceAction) => void;
  onUndo: () => void;
  onFixDomain: (from: string, to: string) => void;
  /** How many rows the last replace changed. */
  replaced: number | null;
  onDownloadRejected: () => void;
  /** Every row with the fixes made here, to keep instead of the original file. */
  onDownloadCorrected?: () => void;
  onBack: () => void;
  onNext: () => void;
};

/** Every row of the file, filtered and searched, with counts and two pictures of what it holds. */
export function ReviewStep(props: Props) {
  const { fileName, summary, checking, requestPage, onFix, onLeaveOut, onLeaveOutInvalid, onDownloadRejected, onBack, onNext } = props;
  const { requestReasons, onReplace, onUndo, onFixDomain, replaced } = props;
  const { counts } = summary;
  const delivered = props.alreadyDelivered?.count ?? 0;
  const changed = props.alreadyDelivered?.changed ?? 0;
  const [filter, setFilter] = useState<RowFilter>("all");
  const [searchText, setSearchText] = useState("");
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  /** The page shown and the question it answers: while a newer question waits, the grid says it is loading. */
  const [shown, setShown] = useState<{ asked: string; page: GridPage } | null>(null);
  const asked = JSON.stringify([filter, search, offset, summary.version, delivered, changed]);
  const page = shown?.page ?? null;
  const loading = shown?.asked !== asked;

  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(searchText);
      setOffset(0);
    }, 200);
    return () => clearTimeout(timer);
  }, [searchText]);

  useEffect(() => {
    let current = true;
    void requestPage(filter, search, offset, PAGE_ROWS).then((next) => {
      if (current) setShown({ asked, page: next });
    });
    return () => {
      current = false;
    };
  }, [requestPage, filter, search, offset, asked]);

  const filters: { value: RowFilter; label: string; count: number }[] = [
    { value: "all", label: "All", count: summary.rows },
    { value: "invalid", label: "Invalid", count: counts.invalid },
    { value: "duplicates", label: "Repeated", count: counts.duplicates },
    { value: "valid", label: "Valid", count: counts.valid },
    { value: "left-out", label: "Left out", count: counts.leftOut },
    ...(delivered > 0 || filter === "delivered" ? [{ value: "delivered" as const, label: "Already delivered", count: delivered }] : []),
    ...(changed > 0 || filter === "changed" ? [{ value: "changed" as const, label: "Imported with other values", count: changed }] : []),
  ];
  const total = page?.total ?? 0;
  const first = total === 0 ? 0 : (page?.offset ?? 0) + 1;
  const last = Math.min(total, (page?.offset ?? 0) + PAGE_ROWS);

  return (
    <section aria-labelledby="review-heading" className="space-y-6">
      <h2 id="review-heading" tabIndex={-1} data-step-heading className="break-words text-xl font-semibold focus:outline-none">3. Review {fileName}</h2>
      <div className="space-y-2">
      <ReviewCountCards cards={countCards(counts, delivered, props.destination ?? "the destination", props.sendChanged ? 0 : changed)} />
      <AlreadyDeliveredNote state={props.alreadyDelivered ?? null} destination={props.destination ?? "the destination"} />
      {props.alreadyDelivered && changed > 0 && (
        <ChangedRepeatsNote state={props.alreadyDelivered} send={props.sendChanged ?? false} onSend={props.onSendChanged ?? (() => {})} />
      )}
      <p aria-live="polite" className="min-h-5 text-sm text-slate-600" data-testid="review-status">
        {checking ? "Checking the rows again…" : counts.leftOut > 0
          ? `${countOf(counts.leftOut, "row")} left out: ${counts.leftOut === 1 ? "it" : "they"} will not be sent, and the report lists ${counts.leftOut === 1 ? "it" : "them"}.` : ""}
      </p>
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <TimelineChart timeline={summary.timeline} timeZone={summary.timeZone} />
        <EventNamesChart names={summary.eventNames.top} others={summary.eventNames.others} />
      </div>

      <div className="flex flex-wrap items-end gap-4">
        <fieldset className="flex flex-wrap gap-1" aria-label="Show">
          <legend className="sr-only">Show rows</legend>
          {filters.map((option) => (
            <label key={option.value}
              className="cursor-pointer rounded-md border border-slate-300 px-3 py-1.5 text-sm has-checked:border-indigo-600 has-checked:bg-indigo-50 has-checked:text-indigo-800 has-focus-visible:outline-2 has-focus-visible:outline-indigo-600">
              <input type="radio" name="row-filter" value={option.value} checked={filter === option.value} className="sr-only"
                onChange={() => {
                  setFilter(option.value);
                  setOffset(0);
                }} />
              {option.label} <span className="tabular-nums text-slate-500">{option.count.toLocaleString("en")}</span>
            </label>
          ))}
        </fieldset>
        <div className="min-w-0 flex-1 basis-56">
          <label htmlFor="row-search" className="block text-sm font-medium">Search by email or event name</label>
          <input id="row-search" type="search" value={searchText} onChange={(event) => setSearchText(event.target.value)}
            className="mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5" />
        </div>
      </div>

      <ReviewGrid headers={summary.headers} mapping={summary.mapping} timeZone={summary.timeZone} page={page} loading={loading || checking}
        onFix={onFix} onLeaveOut={(index, leftOut) => onLeaveOut([index], leftOut)} />

      <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <p aria-live="polite" data-testid="page-range">
          Rows {first.toLocaleString("en")}–{last.toLocaleString("en")} of {total.toLocaleString("en")}
        </p>
        <div className="flex flex-wrap gap-2">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(0)} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100 disabled:opacity-40">First</button>
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_ROWS))} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100 disabled:opacity-40">Previous</button>
          <button type="button" disabled={last >= total} onClick={() => setOffset(offset + PAGE_ROWS)} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100 disabled:opacity-40">Next</button>
          <button type="button" disabled={last >= total} onClick={() => setOffset(Math.floor((total - 1) / PAGE_ROWS) * PAGE_ROWS)} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100 disabled:opacity-40">Last</button>
        </div>
      </div>

      <TypoSuggestions typos={summary.typos} checking={checking} onFix={onFixDomain} />

      <ReplacePanel headers={summary.headers} firstColumn={summary.mapping.event_name} checking={checking} undo={summary.undo}
        replaced={replaced} requestReasons={requestReasons} onReplace={onReplace} />

      <div className="flex flex-wrap gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <p className="basis-full text-slate-600">
          Invalid and left-out rows are listed with their reason in your report, and in this file of rejected rows to fix and import later; repeated rows are skipped. You can also fix rows above.
        </p>
        <button type="button" onClick={onDownloadRejected} disabled={counts.invalid + counts.leftOut === 0}
          className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100 disabled:opacity-40">
          Download rejected rows (CSV)
        </button>
        {props.onDownloadCorrected && (
          <button type="button" onClick={props.onDownloadCorrected}
            className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100">
            Download the corrected file
          </button>
        )}
        <button type="button" onClick={onLeaveOutInvalid} disabled={counts.invalid === 0}
          className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100 disabled:opacity-40">
          {counts.invalid === 1 ? "Leave out the invalid row" : `Leave out all ${counts.invalid.toLocaleString("en")} invalid rows`}
        </button>
      </div>

      <StepActions>
        <button type="button" onClick={onBack} className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100">Back</button>
        <button type="button" onClick={onNext} disabled={counts.valid === 0 || checking}
          className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-50">
          Continue
        </button>
        {summary.undo && <UndoButton undo={summary.undo} checking={checking} onUndo={onUndo} />}
      </StepActions>
    </section>
  );
}
