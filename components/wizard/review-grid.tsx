"use client";

import { createColumnHelper, tableFeatures, useTable, type ColumnDef } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useLayoutEffect, useMemo, useRef, useState } from "react";
import type { ColumnMapping } from "@/lib/events/headers";
import { CellExplanation, GridContext, LeaveOutCell, StatusCell, ValueCell, type CellRef, type GridActions } from "./review-cells";
import type { GridPage, GridRow } from "@/lib/review/queries";

const features = tableFeatures({});
const helper = createColumnHelper<typeof features, GridRow>();
const ROW_HEIGHT = 40;
/** Row and Status stay at the left, the row's action at the right; the file's columns scroll between. */
const ROW_REM = 3.5;
const STATUS_REM = 6.5;
const ACTION_REM = 6;
/** A column is as wide as its longest value on the page, within these bounds (in characters). */
const MIN_CH = 8;
const MAX_CH = 36;

type Props = {
  headers: readonly string[];
  mapping: ColumnMapping;
  timeZone: string;
  page: GridPage | null;
  loading: boolean;
  onFix: (index: number, column: number, value: string) => void;
  onLeaveOut: (index: number, leftOut: boolean) => void;
};

/** Each of the file's columns as wide as the page's longest value in it, so that nothing is cut where there is room. */
function columnWidths(headers: readonly string[], rows: readonly GridRow[]): number[] {
  return headers.map((header, column) => {
    let longest = Math.max(header.length, 4);
    for (const row of rows) longest = Math.max(longest, row.values[column].length);
    return Math.min(MAX_CH, Math.max(MIN_CH, longest + 2));
  });
}

const STICKY = {
  row: "sticky left-0 z-[1]",
  status: "sticky z-[1]",
  action: "sticky right-0 z-[1] border-l border-slate-100",
};

/**
 * One page of rows (up to a few hundred), of which only those in view are in the document. Every
 * cell is a button: a click or Enter edits it, and focus or hover explains it on the line below.
 */
export function ReviewGrid({ headers, mapping, timeZone, page, loading, onFix, onLeaveOut }: Props) {
  const [editing, setEditing] = useState<CellRef | null>(null);
  /** The cell whose edit was just saved: it keeps the focus until the rows checked again arrive. */
  const refocus = useRef<{ cell: CellRef; page: GridPage | null } | null>(null);
  const [explained, setExplained] = useState<CellRef | null>(null);
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
            <span className="block" title={header}>
              <span className="block truncate">{header || "(no name)"}</span>
              {roleOf(column) !== header && <span className="block truncate text-xs font-normal text-slate-500">{roleOf(column)}</span>}
            </span>
          ),
          cell: (info) => <ValueCell row={info.row.original} column={column} />,
        }),
      ),
      helper.display({ id: "filler", header: () => null, cell: () => null }),
      helper.display({ id: "leave-out", header: () => <span className="sr-only">Leave out</span>, cell: (info) => <LeaveOutCell row={info.row.original} /> }),
    ] as ColumnDef<typeof features, GridRow>[];
  }, [headers, mapping]);

  const data = useMemo(() => page?.rows ?? [], [page]);
  const widths = useMemo(() => columnWidths(headers, data), [headers, data]);
  const table = useTable({ features, columns, data, getRowId: (row) => String(row.index) });
  const rows = table.getRowModel().rows;
  // The virtualizer hands out functions that change with scrolling: this component stays out of the
  // React Compiler's memoization, which the rule reports, and re-renders with every scroll as it must.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  const actions: GridActions = useMemo(() => ({
    headers,
    mapping,
    timeZone,
    editing,
    startEditing: setEditing,
    fix: (index, column, value) => {
      refocus.current = { cell: { index, column }, page };
      setEditing(null);
      onFix(index, column, value);
    },
    leaveOut: onLeaveOut,
    explain: setExplained,
  }), [headers, mapping, timeZone, editing, page, onFix, onLeaveOut]);

  useLayoutEffect(() => {
    const target = refocus.current;
    if (!target || editing) return;
    const cell = scroller.current?.querySelector<HTMLElement>(`[data-cell="${target.cell.index}:${target.cell.column}"]`);
    if (cell && document.activeElement !== cell) cell.focus();
    if (page !== target.page) refocus.current = null;
  });

  const explainedRow = explained ? data.find((row) => row.index === explained.index) : undefined;
  const cellClass = (id: string, header: boolean) => {
    const background = header ? "bg-slate-100" : "bg-white";
    if (id === "row") return `${STICKY.row} ${background}`;
    if (id === "status") return `${STICKY.status} ${background}`;
    if (id === "leave-out") return `${STICKY.action} ${background}`;
    return "";
  };
  const stickyStyle = (id: string) => (id === "status" ? { left: `${ROW_REM}rem` } : undefined);
  const valuesCh = widths.reduce((sum, width) => sum + width, 0);

  return (
    <GridContext value={actions}>
      <div ref={scroller} className="relative max-h-[28rem] min-h-40 overflow-auto overscroll-x-contain rounded-lg border border-slate-200 bg-white"
        data-testid="review-grid" aria-busy={loading}>
        {/* relative: screen-reader text in the cells is positioned, and must scroll and clip with them */}
        <table className="table-fixed border-separate border-spacing-0 text-left text-sm" aria-rowcount={page?.total ?? 0}
          style={{ width: `max(100%, calc(${ROW_REM + STATUS_REM + ACTION_REM}rem + ${valuesCh}ch + ${headers.length * 1.5}rem))` }}>
          <caption className="sr-only">Rows of the file</caption>
          <colgroup>
            <col style={{ width: `${ROW_REM}rem` }} />
            <col style={{ width: `${STATUS_REM}rem` }} />
            {widths.map((width, column) => <col key={column} style={{ width: `calc(${width}ch + 1.5rem)` }} />)}
            <col />
            <col style={{ width: `${ACTION_REM}rem` }} />
          </colgroup>
          <thead className="sticky top-0 z-10 text-slate-600">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <th key={header.id} scope="col" style={stickyStyle(header.column.id)}
                    className={`bg-slate-100 px-3 py-2 align-bottom font-medium ${cellClass(header.column.id, true)}`}>
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
                  className={original.leftOut ? "text-slate-500" : ""} style={{ height: ROW_HEIGHT }}>
                  {row.getAllCells().map((cell) => (
                    <td key={cell.id} style={stickyStyle(cell.column.id)}
                      className={`border-t border-slate-100 px-3 py-1 ${cellClass(cell.column.id, false)}`}>
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
      <p className="min-h-6 break-words text-sm text-slate-700" aria-live="polite" data-testid="cell-reason">
        {explained && explainedRow && <CellExplanation row={explainedRow} column={explained.column} headers={headers} mapping={mapping} />}
      </p>
    </GridContext>
  );
}
