"use client";

import { useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type RefObject } from "react";
import type { GridRow } from "@/lib/review/queries";

/** A cell of the page: its row (the store's index) and its column's id. */
export type GridCellKey = { index: number; column: string };

const PAGE_STEP = 10;

/** The cell's own control when it has one (a value, the row's action), else the cell itself. */
function focusTarget(cell: Element): HTMLElement | null {
  return cell.querySelector<HTMLElement>("button, input") ?? (cell instanceof HTMLElement ? cell : null);
}

/**
 * The ARIA grid pattern (https://www.w3.org/WAI/ARIA/apg/patterns/grid/): the grid is one tab stop,
 * the cell last visited; arrow keys move between cells, Home and End to a row's ends, Control with
 * them to the first and last row, Page Up and Page Down by ten rows. A row out of view is scrolled to
 * first, and focused once it is drawn.
 */
export function useGridKeys(options: {
  rows: readonly GridRow[];
  columns: readonly string[];
  /** Where the grid starts: the first bad cell of the page, when it has one. */
  start: GridCellKey | null;
  scroller: RefObject<HTMLElement | null>;
  scrollToRow: (position: number) => void;
}) {
  const { rows, columns, start, scroller, scrollToRow } = options;
  const [chosen, setChosen] = useState<GridCellKey | null>(null);
  const pending = useRef<GridCellKey | null>(null);
  const valid = (key: GridCellKey | null) => key !== null && columns.includes(key.column) && rows.some((row) => row.index === key.index);
  const active: GridCellKey | null = valid(chosen) ? chosen : valid(start) ? start
    : rows.length > 0 && columns.length > 0 ? { index: rows[0].index, column: columns[Math.min(2, columns.length - 1)] } : null;

  useLayoutEffect(() => {
    const wanted = pending.current;
    if (!wanted) return;
    const cell = scroller.current?.querySelector(`[data-key="${wanted.index}:${wanted.column}"]`);
    const target = cell && focusTarget(cell);
    if (!target) return;
    pending.current = null;
    target.focus();
  });

  function moveTo(position: number, column: number) {
    const row = rows[Math.max(0, Math.min(rows.length - 1, position))];
    const key = { index: row.index, column: columns[Math.max(0, Math.min(columns.length - 1, column))] };
    setChosen(key);
    pending.current = key;
    scrollToRow(rows.indexOf(row));
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (!active || event.altKey || event.metaKey) return;
    if (event.target instanceof HTMLInputElement) return;
    const position = rows.findIndex((row) => row.index === active.index);
    const column = columns.indexOf(active.column);
    const moves: Record<string, () => void> = {
      ArrowDown: () => moveTo(position + 1, column),
      ArrowUp: () => moveTo(position - 1, column),
      ArrowRight: () => moveTo(position, column + 1),
      ArrowLeft: () => moveTo(position, column - 1),
      PageDown: () => moveTo(position + PAGE_STEP, column),
      PageUp: () => moveTo(position - PAGE_STEP, column),
      Home: () => (event.ctrlKey ? moveTo(0, 0) : moveTo(position, 0)),
      End: () => (event.ctrlKey ? moveTo(rows.length - 1, columns.length - 1) : moveTo(position, columns.length - 1)),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  }

  /** A click or a focus from elsewhere makes that cell the grid's tab stop. */
  function onFocus(event: FocusEvent<HTMLElement>) {
    const cell = (event.target as HTMLElement).closest("[data-key]");
    const [index, column] = cell?.getAttribute("data-key")?.split(":") ?? [];
    if (index === undefined || !column) return;
    if (active?.index !== Number(index) || active.column !== column) setChosen({ index: Number(index), column });
  }

  const tabIndexOf = (index: number, column: string) => (active?.index === index && active.column === column ? 0 : -1);
  return { onKeyDown, onFocus, tabIndexOf };
}
