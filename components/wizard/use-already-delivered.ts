"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { findAlreadyDelivered } from "@/app/imports/new/ledger-actions";
import type { DestinationName } from "@/lib/contract/destination";
import type { ChangedExample, WorkerRequest, WorkerResponse } from "@/lib/review/worker-protocol";

/**
 * How many of the file's valid events the destination already holds, for one version of the rows,
 * and how many it holds at the same moment with other values (the first few of them by row).
 */
export type AlreadyDelivered = {
  version: number; count: number; done: boolean; error: string | null; changed: number; changedExamples: ChangedExample[];
};

/** Waits for the user to stop changing rows before asking again: every fix is a new version. */
const SETTLE_MS = 300;

/**
 * Asks the server's ledger, 5,000 keys a call, which valid rows the chosen destination already
 * holds, whenever the rows change during review (a new destination checks them again, so it is a new
 * version of the rows too): the worker computes the keys and marks the rows
 * found, for the count and the "Already delivered" filter, and the rows the ledger holds at the same
 * moment with other values. Nothing is sent but dedup and moment keys. Once
 * inactive (sending began) it stops asking: the worker's time then goes to the rows to upload.
 */
export function useAlreadyDelivered(post: (request: WorkerRequest) => void, version: number | null, destination: DestinationName, active: boolean) {
  const [state, setState] = useState<AlreadyDelivered | null>(null);
  const asking = useRef<number | null>(null);

  useEffect(() => {
    if (!active || version === null) {
      asking.current = null;
      return;
    }
    const timer = setTimeout(() => {
      asking.current = version;
      setState({ version, count: 0, done: false, error: null, changed: 0, changedExamples: [] });
      post({ type: "ledger-keys", version, offset: 0 });
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [active, version, destination, post]);

  const onMessage = useCallback(async (message: WorkerResponse) => {
    if (message.type === "delivered" && message.version === asking.current) {
      setState((current) => current && current.version === message.version ? { ...current, count: message.count } : current);
    }
    if (message.type === "changed" && message.version === asking.current) {
      setState((current) => current && current.version === message.version
        ? { ...current, changed: message.count, changedExamples: message.examples } : current);
    }
    if (message.type !== "ledger-keys" || message.version !== asking.current) return;
    if (message.keys.length > 0) {
      const result = await findAlreadyDelivered({ keys: message.keys, moments: message.moments, destination });
      if (!result.ok) {
        setState((current) => current && { ...current, done: true, error: result.error });
        return;
      }
      if (result.found.length > 0) {
        post({ type: "mark-delivered", version: message.version, indices: result.found.map((index) => message.indices[index]) });
      }
      if (result.changed.length > 0) {
        const hits = result.changed.map((hit) => ({ ...hit, index: message.indices[hit.index] }));
        post({ type: "mark-changed", version: message.version, hits });
      }
    }
    if (message.next !== null) post({ type: "ledger-keys", version: message.version, offset: message.next });
    else setState((current) => current && current.version === message.version ? { ...current, done: true } : current);
  }, [post, destination]);

  return { state: state && state.version === version ? state : null, onMessage };
}
