"use client";

import { createContext, use, useState, type KeyboardEvent } from "react";
import { MessageText, plainMessage } from "@/components/ui/message-text";
import { addressOf } from "@/lib/events/address";
import type { ColumnMapping } from "@/lib/events/headers";
import { issuesForColumn } from "@/lib/review/issues";
import type { GridRow } from "@/lib/review/queries";

export type CellRef = { index: number; column: number };

export type GridActions = {
  headers: readonly string[];
  mapping: ColumnMapping;
  /** The zone times without one are read in, to show how each time reads. */
  timeZone: string;
  editing: CellRef | null;
  startEditing: (cell: CellRef | null) => void;
  fix: (index: number, column: number, value: string) => void;
  leaveOut: (index: number, leftOut: boolean) => void;
  explain: (cell: CellRef) => void;
  /** The grid is one tab stop: 0 for the cell it stops at, -1 for the others (use-grid-keys.ts). */
  tabIndexOf: (index: number, column: string) => number;
};

export const GridContext = createContext<GridActions | null>(null);

const same = (a: CellRef | null, index: number, column: number) => a !== null && a.index === index && a.column === column;

/**
 * What the line under the grid says about a cell, from the row as it is now: its problem, the row's,
 * or its whole value (which the cell may show cut short).
 */
export function CellExplanation({ row, column, headers, mapping }: { row: GridRow; column: number; headers: readonly string[]; mapping: ColumnMapping }) {
  const value = row.values[column];
  if (row.leftOut) return <>Row {row.row} is left out: it will not be sent, and the report lists it.</>;
  const own = row.state === "invalid" ? issuesForColumn(mapping, column, row.issues) : [];
  const rowWide = row.issues.filter((issue) => issue.field === "row" || row.state !== "invalid");
  const problems = own.length > 0 ? own : rowWide;
  if (problems.length > 0) {
    return <span className={row.state === "invalid" ? "text-red-800" : "text-amber-800"}>Row {row.row}: <MessageText message={problems.map((issue) => issue.message).join(" ")} /></span>;
  }
  return (
    <>
      Row {row.row}, {headers[column] || "(no name)"}: {value === "" ? "(empty)" : <MessageText message={`\`${value.replaceAll("`", "'")}\``} />}
      {row.state === "invalid" ? "" : ". Valid; press Enter to change it."}
    </>
  );
}

export function ValueCell({ row, column }: { row: GridRow; column: number }) {
  const actions = use(GridContext)!;
  const value = row.values[column];
  const problems = row.state === "invalid" && !row.leftOut ? issuesForColumn(actions.mapping, column, row.issues) : [];
  const warned = row.state !== "invalid" && !row.leftOut && issuesForColumn(actions.mapping, column, row.issues).length > 0;
  const editing = same(actions.editing, row.index, column);
  // A time shows how it reads too (`01/02/2020` says nothing on its own about which day it is), and an
  // address written with a name the address it is sent to, under the value and outside the cell's
  // text, which stays the value as written.
  const reading = problems.length > 0 ? null
    : column === actions.mapping.time ? (row.occurredMs !== null ? readAs(row.occurredMs, actions.timeZone) : null)
    : column === actions.mapping.email && row.state !== "invalid" ? addressReading(value) : null;

  if (editing) return <CellEditor row={row} column={column} />;
  const reason = problems.map((problem) => problem.message).join(" ");
  const explain = () => actions.explain({ index: row.index, column });
  const fix = row.fixes.find((candidate) => candidate.column === column);
  const fixNote = fix ? `, changed in review from ${plainMessage(`\`${fix.before.replaceAll("`", "'")}\``)}` : "";
  return (
    <button type="button" data-cell={`${row.index}:${column}`} data-testid={problems.length > 0 ? "bad-cell" : "cell"}
      data-reading={reading ?? undefined} data-fixed={fix ? "" : undefined} tabIndex={actions.tabIndexOf(row.index, `c${column}`)}
      title={problems.length > 0 ? plainMessage(reason) : `${value}${fixNote}`}
      aria-label={problems.length > 0 ? undefined : `${value === "" ? "(empty)" : value}: row ${row.row}, ${actions.headers[column] || "(no name)"}${fixNote}`}
      onClick={() => actions.startEditing({ index: row.index, column })} onFocus={explain} onMouseEnter={explain}
      className={`block w-full truncate rounded px-1 text-left ${problems.length > 0
        ? "bg-red-50 text-red-800 ring-1 ring-red-300 hover:bg-red-100" : warned ? "bg-amber-50 ring-1 ring-amber-300 hover:bg-amber-100"
        : fix ? "bg-emerald-50 ring-1 ring-emerald-300 hover:bg-emerald-100" : "hover:bg-slate-100"}${
        reading ? " after:block after:truncate after:text-xs after:leading-3 after:text-slate-500 after:content-[attr(data-reading)]" : ""}`}>
      {value === "" ? <span className={problems.length > 0 ? "italic" : "text-slate-400"}>(empty)</span> : value}
      {problems.length > 0 && <span className="sr-only">{plainMessage(reason)} Press Enter to fix it.</span>}
    </button>
  );
}

/** The address a value with a name is read as, or null when the value is the address. */
function addressReading(value: string): string | null {
  const address = addressOf(value);
  return address === value.trim() ? null : address;
}

/** How a time reads, in the zone it is read in, named: "2 Jan 2020, 09:00 (Europe/Kyiv)". */
function readAs(instantMs: number, timeZone: string): string {
  const reading = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(instantMs));
  return `${reading} (${timeZone.replaceAll("_", " ")})`;
}

function CellEditor({ row, column }: { row: GridRow; column: number }) {
  const actions = use(GridContext)!;
  const [value, setValue] = useState(row.values[column]);
  function keyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault();
      actions.fix(row.index, column, value);
    } else if (event.key === "Escape") {
      event.preventDefault();
      actions.startEditing(null);
    }
  }
  return (
    <input autoFocus aria-label={`New value for row ${row.row}`} value={value} data-testid="cell-editor"
      onChange={(event) => setValue(event.target.value)} onKeyDown={keyDown}
      onBlur={() => (value === row.values[column] ? actions.startEditing(null) : actions.fix(row.index, column, value))}
      className="w-full min-w-24 rounded border border-indigo-400 px-1 py-0.5" />
  );
}

const STATE_STYLES = {
  valid: "bg-emerald-50 text-emerald-800",
  invalid: "bg-red-50 text-red-800",
  duplicate: "bg-amber-50 text-amber-800",
  leftOut: "bg-slate-100 text-slate-600",
};

export function StatusCell({ row }: { row: GridRow }) {
  const label = row.leftOut ? "Left out" : row.state === "valid" ? "Valid" : row.state === "invalid" ? "Invalid" : "Repeated";
  const style = row.leftOut ? STATE_STYLES.leftOut : STATE_STYLES[row.state];
  const rowIssues = row.issues.filter((issue) => issue.field === "row").map((issue) => issue.message).join(" ");
  return (
    <span className="flex items-center gap-1.5" title={rowIssues ? plainMessage(rowIssues) : undefined}>
      <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${style}`}>{label}</span>
      {rowIssues && <span className="sr-only">{plainMessage(rowIssues)}</span>}
      {rowIssues && <span aria-hidden className="text-xs text-red-700">!</span>}
      {row.changed && <span className="text-xs text-amber-800" data-testid="changed-note">{row.changed}</span>}
    </span>
  );
}

export function LeaveOutCell({ row }: { row: GridRow }) {
  const actions = use(GridContext)!;
  return (
    <button type="button" onClick={() => actions.leaveOut(row.index, !row.leftOut)} tabIndex={actions.tabIndexOf(row.index, "leave-out")}
      aria-label={`${row.leftOut ? "Include" : "Leave out"} row ${row.row}`}
      className="whitespace-nowrap rounded border border-slate-300 bg-white px-1 py-0.5 text-xs hover:bg-slate-100 sm:px-2">
      <span aria-hidden className="sm:hidden">{row.leftOut ? "↺" : "✕"}</span>
      <span className="hidden sm:inline">{row.leftOut ? "Include" : "Leave out"}</span>
    </button>
  );
}
