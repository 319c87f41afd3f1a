"use client";

import { useCallback, useEffect, useRef } from "react";
import type { WorkerRequest, WorkerResponse } from "@/lib/review/worker-protocol";

/** One worker for the wizard's lifetime: it holds the file's rows from reading until sending. */
export function useFileWorker(onMessage: (message: WorkerResponse) => void) {
  const worker = useRef<Worker | null>(null);
  const listener = useRef(onMessage);
  listener.current = onMessage;

  useEffect(() => {
    const instance = new Worker(new URL("./read-file-worker.ts", import.meta.url), { type: "module" });
    instance.onmessage = (event: MessageEvent<WorkerResponse>) => listener.current(event.data);
    worker.current = instance;
    return () => instance.terminate();
  }, []);

  return useCallback((request: WorkerRequest) => worker.current?.postMessage(request), []);
}
