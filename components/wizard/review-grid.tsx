"use client";

import { createColumnHelper, tableFeatures, useTable, type ColumnDef } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { createContext, use, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { ColumnMapping } from "@/lib/events/headers";
import type { RowIssue } from "@/lib/events/row";
import type { GridPage, GridRow } from "./review-store";

const features = tableFeatures({});
const helper = createColumnHelper<typeof features, GridRow>();
const ROW_HEIGHT = 40;
/** Row number, status and leave-out columns, in rem; each of the file's columns gets at least VALUE_REM. */
const FIXED_REM = 4 + 9 + 7;
const VALUE_REM = 10;

type Editing = { index: number; column: number } | null;

type GridActions = {
  mapping: ColumnMapping;
  timeZone: string;
  editing: Editing;
  startEditing: (editing: Editing) => void;
  fix: (index: number, column: number, value: string) => void;
  leaveOut: (index: number, leftOut: boolean) => void;
  showReason: (text: string | null) => void;
};

const GridContext = createContext<GridActions | null>(null);

/** Which column each field's problems belong to; "row" problems belong to the row. */
function issuesForColumn(mapping: ColumnMapping, column: number, issues: readonly RowIssue[]): RowIssue[] {
  return issues.filter((issue) => issue.field !== "row" && mapping[issue.field as "email" | "event_name" | "time"] === column);
}

function ValueCell({ row, column }: { row: GridRow; column: number }) {
  const actions = use(GridContext)!;
  const value = row.values[column];
  const problems = row.state === "invalid" && !row.leftOut ? issuesForColumn(actions.mapping, column, row.issues) : [];
  const editing = actions.editing?.index === row.index && actions.editing.column === column;
  const reasonId = `reason-${row.index}-${column}`;

  if (editing) return <CellEditor row={row} column={column} />;
  if (problems.length === 0) {
    // A time shows how it reads too: `01/02/2020` says nothing on its own about which day it is.
    const reading = column === actions.mapping.time && row.occurredMs !== null ? readAs(row.occurredMs, actions.timeZone) : null;
    return (
      <span className="block truncate" title={reading ? `${value}: ${reading}` : value} onDoubleClick={() => actions.startEditing({ index: row.index, column })}>
        {value === "" ? <span className="text-slate-400">(empty)</span> : value}
        {reading && <span className="block truncate text-xs leading-3 text-slate-500" data-testid="time-reading">{reading}</span>}
      </span>
    );
  }
  const reason = problems.map((problem) => problem.message).join(" ");
  return (
    <button type="button" aria-describedby={reasonId} title={reason} data-testid="bad-cell"
      onClick={() => actions.startEditing({ index: row.index, column })}
      onFocus={() => actions.showReason(`Row ${row.row}: ${reason}`)}
      onMouseEnter={() => actions.showReason(`Row ${row.row}: ${reason}`)}
      className="block w-full truncate rounded bg-red-50 px-1 text-left text-red-800 ring-1 ring-red-300 hover:bg-red-100">
      {value === "" ? <span className="italic">(empty)</span> : value}
      <span id={reasonId} className="sr-only">{reason} Press Enter to fix it.</span>
    </button>
  );
}

function readAs(instantMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(instantMs));
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
      className="w-full rounded border border-indigo-400 px-1 py-0.5" />
  );
}

const STATE_STYLES = {
  valid: "bg-emerald-50 text-emerald-800",
  invalid: "bg-red-50 text-red-800",
  duplicate: "bg-amber-50 text-amber-800",
  leftOut: "bg-slate-100 text-slate-600",
};

function StatusCell({ row }: { row: GridRow }) {
  const label = row.leftOut ? "Left out" : row.state === "valid" ? "Valid" : row.state === "invalid" ? "Invalid" : "Duplicate";
  const style = row.leftOut ? STATE_STYLES.leftOut : STATE_STYLES[row.state];
  const rowIssues = row.issues.filter((issue) => issue.field === "row").map((issue) => issue.message).join(" ");
  return (
    <span className="flex items-center gap-1.5" title={rowIssues || undefined}>
      <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${style}`}>{label}</span>
      {rowIssues && <span className="truncate text-xs text-slate-600">{rowIssues}</span>}
    </span>
  );
}

function LeaveOutCell({ row }: { row: GridRow }) {
  const actions = use(GridContext)!;
  return (
    <button type="button" onClick={() => actions.leaveOut(row.index, !row.leftOut)}
      aria-label={`${row.leftOut ? "Include" : "Leave out"} row ${row.row}`}
      className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100">
      {row.leftOut ? "Include" : "Leave out"}
    </button>
  );
}

type Props = {
  headers: readonly string[];
  mapping: ColumnMapping;
  timeZone: string;
  page: GridPage | null;
  loading: boolean;
  onFix: (index: number, column: number, value: string) => void;
  onLeaveOut: (index: number, leftOut: boolean) => void;
};

/**
 * One page of rows (up to a few hundred), of which only those in view are in the document. Bad
 * cells are buttons: their reason shows on hover and focus, and a click or Enter edits them.
 */
export function ReviewGrid({ headers, mapping, timeZone, page, loading, onFix, onLeaveOut }: Props) {
  const [editing, setEditing] = useState<Editing>(null);
  const [reason, setReason] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  const columns = useMemo(() => {
    const roleOf = (index: number) =>
      index === mapping.email ? "email" : index === mapping.event_name ? "event_name" : index === mapping.time ? "time"
        : mapping.params.some((param) => param.index === index) ? "parameter" : "not imported";
    return [
      helper.accessor("row", { header: "Row", cell: (info) => <span className="tabular-nums text-slate-500">{info.getValue()}</span> }),
      helper.display({ id: "status", header: "Status", cell: (info) => <StatusCell row={info.row.original} /> }),
      ...headers.map((header, column) =>
        helper.display({
          id: `c${column}`,
          header: () => (
            <span className="block">
              <span className="block truncate">{header || "(no name)"}</span>
              {roleOf(column) !== header && <span className="block text-xs font-normal text-slate-500">{roleOf(column)}</span>}
            </span>
          ),
          cell: (info) => <ValueCell row={info.row.original} column={column} />,
        }),
      ),
      helper.display({ id: "leave-out", header: () => <span className="sr-only">Leave out</span>, cell: (info) => <LeaveOutCell row={info.row.original} /> }),
    ] as ColumnDef<typeof features, GridRow>[];
  }, [headers, mapping]);

  const data = useMemo(() => page?.rows ?? [], [page]);
  const table = useTable({ features, columns, data, getRowId: (row) => String(row.index) });
  const rows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  const actions: GridActions = {
    mapping,
    timeZone,
    editing,
    startEditing: setEditing,
    fix: (index, column, value) => {
      setEditing(null);
      onFix(index, column, value);
    },
    leaveOut: onLeaveOut,
    showReason: setReason,
  };

  return (
    <GridContext value={actions}>
      <div ref={scroller} className="max-h-[28rem] min-h-40 overflow-auto rounded-lg border border-slate-200 bg-white" data-testid="review-grid"
        aria-busy={loading}>
        <table className="table-fixed text-left text-sm" aria-rowcount={page?.total ?? 0}
          style={{ width: `max(100%, ${FIXED_REM + headers.length * VALUE_REM}rem)` }}>
          <caption className="sr-only">Rows of the file</caption>
          <colgroup>
            <col className="w-16" />
            <col className="w-36" />
            {headers.map((_, column) => <col key={column} />)}
            <col className="w-28" />
          </colgroup>
          <thead className="sticky top-0 z-10 bg-slate-100 text-slate-600">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <th key={header.id} scope="col" className="px-3 py-2 align-bottom font-medium">
                    <table.FlexRender header={header} />
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {top > 0 && <tr aria-hidden style={{ height: top }} />}
            {items.map((item) => {
              const row = rows[item.index];
              const original = row.original;
              return (
                <tr key={row.id} data-testid="grid-row" data-row={original.row} aria-rowindex={(page?.offset ?? 0) + item.index + 2}
                  className={`border-t border-slate-100 ${original.leftOut ? "opacity-60" : ""}`} style={{ height: ROW_HEIGHT }}>
                  {row.getAllCells().map((cell) => (
                    <td key={cell.id} className="px-3 py-1">
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              );
            })}
            {bottom > 0 && <tr aria-hidden style={{ height: bottom }} />}
          </tbody>
        </table>
        {page && page.total === 0 && <p className="p-6 text-center text-slate-500">No row matches.</p>}
      </div>
      <p className="min-h-6 text-sm text-red-800" aria-live="polite" data-testid="cell-reason">{reason}</p>
    </GridContext>
  );
}
