"use client";

import { useEffect, useState, type FormEvent } from "react";
import { plainMessage } from "@/components/ui/message-text";
import { countOf } from "@/lib/review/format";
import type { ReasonCount, ReplaceAction, ReplaceMatch, UndoableChange } from "@/lib/review/edits";

type Props = {
  headers: readonly string[];
  /** The column a replace starts on: the event name's, the one most often renamed. */
  firstColumn: number;
  checking: boolean;
  /** The change Undo would take back (Undo is among the step's actions): the reasons change with it. */
  undo: UndoableChange | null;
  /** How many rows the last replace changed, once the worker has said. */
  replaced: number | null;
  requestReasons: (column: number) => Promise<ReasonCount[]>;
  onReplace: (column: number, match: ReplaceMatch, action: ReplaceAction) => void;
};

const VALUE = "value";
const ALL = "\u0000all";
const field = "mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5";

/**
 * Replace in a column: every row holding a value, or invalid for one kind of reason, gets a new value
 * or is left out, in one change that the worker checks at once and that one Undo takes back. Another
 * column starts the fields afresh: a value or a reason of one column means nothing in another.
 */
export function ReplacePanel({ headers, firstColumn, checking, undo, replaced, requestReasons, onReplace }: Props) {
  const [column, setColumn] = useState(firstColumn);
  const [which, setWhich] = useState(VALUE);
  const [find, setFind] = useState("");
  const [leaveOut, setLeaveOut] = useState(false);
  const [value, setValue] = useState("");
  const [reasons, setReasons] = useState<ReasonCount[]>([]);

  useEffect(() => {
    let current = true;
    void requestReasons(column).then((found) => current && setReasons(found));
    return () => {
      current = false;
    };
  }, [requestReasons, column, undo, replaced]);

  function chooseColumn(next: number) {
    setColumn(next);
    setWhich(VALUE);
    setFind("");
    setValue("");
    setLeaveOut(false);
    setReasons([]);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const match: ReplaceMatch = which === VALUE ? { kind: "value", value: find } : which === ALL ? { kind: "all" } : { kind: "reason", reason: which };
    onReplace(column, match, leaveOut ? { kind: "leave-out" } : { kind: "set", value });
  }

  return (
    <section aria-labelledby="replace-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <h3 id="replace-heading" className="font-medium">Replace in a column</h3>
      <form onSubmit={submit} className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4 lg:items-end">
        <div className="min-w-0">
          <label htmlFor="replace-column" className="block">Column</label>
          <select id="replace-column" className={field} value={column} onChange={(event) => chooseColumn(Number(event.target.value))}>
            {headers.map((header, index) => <option key={index} value={index}>{header || "(no name)"}</option>)}
          </select>
        </div>
        <div className="min-w-0">
          <label htmlFor="replace-which" className="block">Rows where</label>
          <select id="replace-which" className={field} value={which} onChange={(event) => setWhich(event.target.value)}>
            <option value={VALUE}>the value is…</option>
            <option value={ALL}>every row</option>
            {reasons.map((reason) => (
              <option key={reason.reason} value={reason.reason}>
                invalid: {plainMessage(reason.reason)} ({countOf(reason.count, "row")})
              </option>
            ))}
          </select>
        </div>
        {which === VALUE ? (
          <label className="block min-w-0">
            Value
            <input className={field} value={find} data-testid="replace-find" onChange={(event) => setFind(event.target.value)} placeholder="(empty)" />
          </label>
        ) : <span className="hidden lg:block" />}
        <div className="min-w-0">
          {!leaveOut && (
            <label className="block min-w-0">
              New value
              <input className={field} value={value} data-testid="replace-value" onChange={(event) => setValue(event.target.value)} />
            </label>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-4">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={leaveOut} onChange={(event) => setLeaveOut(event.target.checked)} />
            Leave these rows out instead
          </label>
          <button type="submit" disabled={checking} className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700 disabled:opacity-50">
            {leaveOut ? "Leave them out" : "Replace"}
          </button>
          <p aria-live="polite" data-testid="replace-status" className="text-slate-600">
            {replaced === null ? "" : replaced === 0 ? "No row matches: nothing changed." : `${countOf(replaced, "row")} changed.`}
          </p>
        </div>
      </form>
    </section>
  );
}
