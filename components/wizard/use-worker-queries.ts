"use client";

import { useCallback } from "react";
import type { ReasonCount } from "@/lib/review/edits";
import type { GridPage, RowFilter } from "@/lib/review/queries";
import type { AskWorker } from "./use-file-worker";

const NO_ROWS: GridPage = { total: 0, offset: 0, rows: [] };

/**
 * The questions the review asks the worker that holds the rows (a page of rows, a column's kinds of
 * problems). A question the worker could not answer is answered empty, so that no part of the page
 * waits forever, and `onProblem` says why.
 */
export function useWorkerQueries(ask: AskWorker, onProblem: (error: Error) => void) {
  const requestPage = useCallback((filter: RowFilter, search: string, offset: number, limit: number) =>
    ask("page", { filter, search, offset, limit }).then((reply) => reply.page, (error: Error) => {
      onProblem(error);
      return NO_ROWS;
    }), [ask, onProblem]);

  const requestReasons = useCallback((column: number) =>
    ask("reasons", { column }).then((reply) => reply.reasons, (error: Error): ReasonCount[] => {
      onProblem(error);
      return [];
    }), [ask, onProblem]);

  return { requestPage, requestReasons };
}
