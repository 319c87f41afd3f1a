"use client";

import { createColumnHelper, tableFeatures, useTable, type ColumnDef } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useLayoutEffect, useMemo, useRef, useState } from "react";
import type { ColumnMapping } from "@/lib/events/headers";
import { CellExplanation, GridContext, LeaveOutCell, StatusCell, ValueCell, type CellRef, type GridActions } from "./review-cells";
import type { GridPage, GridRow } from "@/lib/review/queries";
import { issuesForColumn } from "@/lib/review/issues";
import { hasReasonLine, ReasonLine } from "./review-reason";
import { useGridKeys, type GridCellKey } from "./use-grid-keys";

const features = tableFeatures({});
const helper = createColumnHelper<typeof features, GridRow>();
const ROW_HEIGHT = 40;
/** A row with a reason, a warning or a fix has a line of its own under its cells (measured once drawn). */
const REASON_ROW_HEIGHT = 64;
/**
 * Row and Status stay at the left, the row's action at the right; the file's columns scroll between.
 * Their widths are CSS variables set on the grid's frame: narrower on a phone, where the three take
 * at most 40 % of the width and the action is an icon.
 */
const FRAME_WIDTHS = "[--grid-row-w:2.25rem] [--grid-status-w:4.25rem] [--grid-action-w:2rem] sm:[--grid-row-w:3.5rem] sm:[--grid-status-w:6.5rem] sm:[--grid-action-w:6rem]";
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
function columnWidths(headers: readonly string[], rows: readonly GridRow[], timeColumn: number, timeZone: string): number[] {
  // A time's reading under it ("15 Jan 2024, 10:00 (America/New York)") is in smaller type: about 0.8 of a character each.
  const reading = Math.ceil((20 + timeZone.length) * 0.8);
  return headers.map((header, column) => {
    let longest = Math.max(header.length, 4, column === timeColumn ? reading : 0);
    for (const row of rows) longest = Math.max(longest, row.values[column].length);
    return Math.min(MAX_CH, Math.max(MIN_CH, longest + 2));
  });
}

const STICKY = {
  row: "sticky left-0 z-[1] px-1 sm:px-3",
  status: "sticky left-[var(--grid-row-w)] z-[1] px-1 sm:px-3",
  action: "sticky right-0 z-[1] border-l border-slate-100 px-1 sm:px-3",
};

/** The first cell of the page that holds a problem: where the grid's tab stop starts. */
function firstBadCell(rows: readonly GridRow[], mapping: ColumnMapping): GridCellKey | null {
  for (const row of rows) {
    if (row.state !== "invalid" || row.leftOut) continue;
    const column = [mapping.email, mapping.event_name, mapping.time].find((index) => issuesForColumn(mapping, index, row.issues).length > 0);
    return { index: row.index, column: column === undefined ? "status" : `c${column}` };
  }
  return null;
}

/**
 * One page of rows (up to a few hundred), of which only those in view are in the document. Every
 * value is a button: a click or Enter edits it, and focus or hover explains it on the line below.
 * A row with a problem says it on a line under its cells; the grid is one tab stop, with arrow keys
 * inside (use-grid-keys.ts), and its first bad cell is scrolled into view when a page arrives.
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
              {roleOf(column) !== header.trim() && <span className="block truncate text-xs font-normal text-slate-600">{roleOf(column)}</span>}
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
  const widths = useMemo(() => columnWidths(headers, data, mapping.time, timeZone), [headers, data, mapping.time, timeZone]);
  const table = useTable({ features, columns, data, getRowId: (row) => String(row.index) });
  const rows = table.getRowModel().rows;
  // The virtualizer hands out functions that change with scrolling: this component stays out of the
  // React Compiler's memoization, which the rule reports, and re-renders with every scroll as it must.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (position) => (hasReasonLine(data[position]) ? REASON_ROW_HEIGHT : ROW_HEIGHT),
    getItemKey: (position) => data[position].index,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const columnIds = useMemo(() => ["row", "status", ...headers.map((_, column) => `c${column}`), "leave-out"], [headers]);
  const start = useMemo(() => firstBadCell(data, mapping), [data, mapping]);
  const keys = useGridKeys({ rows: data, columns: columnIds, start, scroller, scrollToRow: (position) => virtualizer.scrollToIndex(position) });

  // A new page shows its first bad cell: the grid scrolls sideways to it, without moving the page.
  const shownPage = useRef<GridPage | null>(null);
  useLayoutEffect(() => {
    if (!page || shownPage.current === page) return;
    const isNewPage = shownPage.current?.offset !== page.offset || shownPage.current?.total !== page.total;
    shownPage.current = page;
    const frame = scroller.current;
    const cell = start && start.column !== "status" ? frame?.querySelector<HTMLElement>(`[data-key="${start.index}:${start.column}"]`) : null;
    if (!isNewPage || !frame || !cell) return;
    const sticky = frame.querySelector<HTMLElement>('[data-key$=":status"]');
    const leftEdge = sticky ? sticky.getBoundingClientRect().right : frame.getBoundingClientRect().left;
    const box = cell.getBoundingClientRect();
    if (box.left < leftEdge || box.right > frame.getBoundingClientRect().right - 96) frame.scrollLeft += box.left - leftEdge - 8;
  });

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
    tabIndexOf: keys.tabIndexOf,
  }), [headers, mapping, timeZone, editing, page, onFix, onLeaveOut, keys.tabIndexOf]);

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
    return "px-3";
  };
  const valuesCh = widths.reduce((sum, width) => sum + width, 0);

  return (
    <GridContext value={actions}>
      {/* relative: screen-reader text in the cells is positioned, and must scroll and clip with them;
          a size container: a row's reason line is as wide as the frame (100cqw) */}
      <div ref={scroller} className={`relative max-h-[28rem] min-h-40 overflow-auto overscroll-x-contain rounded-lg border border-slate-200 bg-white @container ${FRAME_WIDTHS}`}
        data-testid="review-grid" aria-busy={loading}>
        <table role="grid" aria-label="Rows of the file" className="table-fixed border-separate border-spacing-0 text-left text-sm" aria-rowcount={(page?.total ?? 0) + 1}
          onKeyDown={keys.onKeyDown} onFocus={keys.onFocus}
          style={{ width: `max(100%, calc(var(--grid-row-w) + var(--grid-status-w) + var(--grid-action-w) + ${valuesCh}ch + ${headers.length * 1.5}rem))` }}>
          <colgroup>
            <col style={{ width: "var(--grid-row-w)" }} />
            <col style={{ width: "var(--grid-status-w)" }} />
            {widths.map((width, column) => <col key={column} style={{ width: `calc(${width}ch + 1.5rem)` }} />)}
            <col />
            <col style={{ width: "var(--grid-action-w)" }} />
          </colgroup>
          <thead className="sticky top-0 z-10 text-slate-600">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} aria-rowindex={1}>
                {group.headers.map((header) => (
                  <th key={header.id} scope="col"
                    className={`bg-slate-100 py-2 align-bottom font-medium ${cellClass(header.column.id, true)}`}>
                    <table.FlexRender header={header} />
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          {top > 0 && <tbody aria-hidden><tr style={{ height: top }} /></tbody>}
          {items.map((item) => {
            const row = rows[item.index];
            const original = row.original;
            return (
              <tbody key={item.key} data-index={item.index} ref={virtualizer.measureElement}>
                <tr data-testid="grid-row" data-row={original.row} aria-rowindex={(page?.offset ?? 0) + item.index + 2}
                  className={original.leftOut ? "text-slate-500" : ""} style={{ height: ROW_HEIGHT }}>
                  {row.getAllCells().map((cell) => {
                    const id = cell.column.id;
                    const own = id === "row" || id === "status";
                    return (
                      <td key={cell.id} data-key={id === "filler" ? undefined : `${original.index}:${id}`}
                        tabIndex={own ? keys.tabIndexOf(original.index, id) : undefined}
                        className={`border-t border-slate-100 py-1 focus:outline-2 focus:outline-indigo-600 ${cellClass(id, false)}`}>
                        <table.FlexRender cell={cell} />
                      </td>
                    );
                  })}
                </tr>
                {hasReasonLine(original) && <ReasonLine row={original} headers={headers} mapping={mapping} span={columns.length} />}
              </tbody>
            );
          })}
          {bottom > 0 && <tbody aria-hidden><tr style={{ height: bottom }} /></tbody>}
        </table>
        {page && page.total === 0 && <p className="p-6 text-center text-slate-500">No row matches.</p>}
      </div>
      <p className="min-h-6 break-words text-sm text-slate-700" aria-live="polite" data-testid="cell-reason">
        {explained && explainedRow && <CellExplanation row={explainedRow} column={explained.column} headers={headers} mapping={mapping} />}
      </p>
    </GridContext>
  );
}
