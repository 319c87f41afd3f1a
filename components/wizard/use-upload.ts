"use client";

import { useRef, useState } from "react";
import { commitImport, createImport, stageRows } from "@/app/imports/actions";
import { discardUpload } from "@/app/imports/discard-action";
import { sendImport, type ImportHandle, type SendPlan } from "@/lib/review/send-import";

/** How far the upload is: rows on the server, the time left at the pace so far, what stopped it. */
export type UploadState = { sent: number; total: number; secondsLeft: number | null; error: string | null };

type Options = {
  fileName: string;
  onSent: (importId: string) => void;
  /** Cancel discarded what the server had: the wizard goes back to the options. */
  onDiscarded: () => void;
};

/**
 * The upload of the reviewed rows: started by Send, tried again with the import already created, or
 * cancelled, which stops the calls and discards the half-sent import on the server.
 */
export function useUpload({ fileName, onSent, onDiscarded }: Options) {
  const [state, setState] = useState<UploadState>({ sent: 0, total: 0, secondsLeft: null, error: null });
  const [cancelling, setCancelling] = useState(false);
  /** The import already created on the server, kept so that "Try again" resumes it. */
  const sentTo = useRef<ImportHandle | null>(null);
  /** Aborted by Cancel while the rows go up. */
  const uploading = useRef<AbortController | null>(null);

  async function start(prepare: () => Promise<Omit<SendPlan, "cancel" | "onProgress">>) {
    setState({ sent: 0, total: 0, secondsLeft: null, error: null });
    const plan = await prepare().catch((error: Error) => error);
    if (plan instanceof Error) {
      setState({ sent: 0, total: 0, secondsLeft: null, error: `The rows could not be prepared for sending: ${plan.message}` });
      return;
    }
    const cancel = new AbortController();
    uploading.current = cancel;
    // The pace is measured from the first call that arrives, so that creating the import does not count.
    let first: { at: number; rows: number } | null = null;
    const outcome = await sendImport({
      ...plan,
      cancel: cancel.signal,
      onProgress: (sent) => {
        first ??= { at: performance.now(), rows: sent };
        const pace = sent > first.rows ? (sent - first.rows) / ((performance.now() - first.at) / 1000) : null;
        setState({ sent, total: plan.rows, secondsLeft: pace ? (plan.rows - sent) / pace : null, error: null });
      },
    }, sentTo.current, { createImport, stageRows, commitImport });
    uploading.current = null;
    if (outcome.ok) {
      onSent(outcome.importId);
      return;
    }
    sentTo.current = outcome.handle;
    if ("cancelled" in outcome) await discard();
    else setState((current) => ({ ...current, secondsLeft: null, error: outcome.error }));
  }

  /** Cancel: stops the upload, then discards what the server has of it. */
  async function cancel() {
    setCancelling(true);
    if (uploading.current) uploading.current.abort();
    else await discard();
  }

  async function discard() {
    const handle = sentTo.current;
    const discarded = handle ? await discardUpload(handle).catch(() => ({ ok: false as const, error: "The connection to the server failed." })) : { ok: true as const };
    setCancelling(false);
    if (!discarded.ok) {
      setState((current) => ({ ...current, error: `The import could not be discarded: ${discarded.error}` }));
      return;
    }
    sentTo.current = null;
    onDiscarded();
  }

  /** A stopped upload taken over from the server: the calls to come go to that import. */
  function adopt(handle: ImportHandle) {
    sentTo.current = handle;
  }

  /** A new file: nothing of an earlier upload carries over. */
  function forget() {
    sentTo.current = null;
  }

  const { sent, total } = state;
  const question = `Leave this import? ${fileName} is half sent: ${sent.toLocaleString("en")} of ${total.toLocaleString("en")} rows are on the server. ` +
    "Leaving stops the upload; the import stays on its page as Receiving rows, where you can discard it.";
  return { state, cancelling, start, cancel, adopt, forget, question };
}
