"use client";

import { useCallback, useRef } from "react";
import type { ReasonCount } from "@/lib/review/edits";
import type { GridPage, RowFilter } from "@/lib/review/queries";
import type { WorkerRequest, WorkerResponse } from "@/lib/review/worker-protocol";

/**
 * The questions the review asks the worker that holds the rows (a page of rows, a column's kinds of
 * problems), each a promise of its answer, matched by request id.
 */
export function useWorkerQueries(post: (request: WorkerRequest) => void) {
  const pages = useRef(new Map<number, (page: GridPage) => void>());
  const reasons = useRef(new Map<number, (found: ReasonCount[]) => void>());
  const nextRequest = useRef(0);

  const requestPage = useCallback((filter: RowFilter, search: string, offset: number, limit: number) => {
    const requestId = nextRequest.current++;
    return new Promise<GridPage>((resolve) => {
      pages.current.set(requestId, resolve);
      post({ type: "page", requestId, filter, search, offset, limit });
    });
  }, [post]);

  const requestReasons = useCallback((column: number) => {
    const requestId = nextRequest.current++;
    return new Promise<ReasonCount[]>((resolve) => {
      reasons.current.set(requestId, resolve);
      post({ type: "reasons", requestId, column });
    });
  }, [post]);

  /** Hands an answer to whoever asked; false when the message answers no question. */
  const answer = useCallback((message: WorkerResponse): boolean => {
    if (message.type === "page") {
      pages.current.get(message.requestId)?.(message.page);
      pages.current.delete(message.requestId);
      return true;
    }
    if (message.type === "reasons") {
      reasons.current.get(message.requestId)?.(message.reasons);
      reasons.current.delete(message.requestId);
      return true;
    }
    return false;
  }, []);

  /** Whatever the worker could not answer is answered empty, so that no part of the page waits forever. */
  const answerEmpty = useCallback(() => {
    for (const resolve of pages.current.values()) resolve({ total: 0, offset: 0, rows: [] });
    for (const resolve of reasons.current.values()) resolve([]);
    pages.current.clear();
    reasons.current.clear();
  }, []);

  return { requestPage, requestReasons, answer, answerEmpty };
}
