"use client";

import { useCallback, useEffect, useLayoutEffect, useRef } from "react";
import { WorkerClient } from "@/lib/review/worker-client";
import type { WorkerReplies, WorkerRequest, WorkerResponse } from "@/lib/review/worker-protocol";

export type FileWorker = WorkerClient<WorkerRequest, WorkerResponse, WorkerReplies>;
export type AskWorker = FileWorker["request"];

/**
 * One worker for the wizard's lifetime: it holds the file's rows from reading until sending. A worker
 * that fails is dropped, `onFailure` says what was lost, and the next message starts a fresh one.
 */
export function useFileWorker(onMessage: (message: WorkerResponse) => void, onFailure: (error: Error) => void) {
  const client = useRef<FileWorker | null>(null);
  const listeners = useRef({ onMessage, onFailure });
  useLayoutEffect(() => {
    listeners.current = { onMessage, onFailure };
  });

  const start = useCallback((): FileWorker => {
    const worker = new Worker(new URL("./read-file-worker.ts", import.meta.url), { type: "module" });
    const started: FileWorker = new WorkerClient(worker, {
      onMessage: (message) => listeners.current.onMessage(message),
      onFailure: (error) => {
        if (client.current === started) client.current = null;
        listeners.current.onFailure(error);
      },
    });
    client.current = started;
    return started;
  }, []);

  /**
   * True once the wizard is gone: nothing starts a worker then. Before the effect below has run (a
   * file chosen while the page is still hydrating), a message starts the worker itself rather than
   * being dropped, and the effect keeps that worker.
   */
  const unmounted = useRef(false);
  useEffect(() => {
    unmounted.current = false;
    if (!client.current) start();
    return () => {
      unmounted.current = true;
      client.current?.terminate();
      client.current = null;
    };
  }, [start]);

  const current = useCallback(() => client.current ?? (unmounted.current ? null : start()), [start]);
  const post = useCallback((request: WorkerRequest) => current()?.post(request), [current]);
  const ask = useCallback<AskWorker>((type, params) => {
    const worker = current();
    return worker ? worker.request(type, params) : Promise.reject(new Error("The import wizard was closed."));
  }, [current]);
  return { post, ask };
}
