"use client";

import { useRef, useState } from "react";
import { continueUpload, findUnfinishedUpload } from "@/app/imports/continue-actions";
import { discardImport } from "@/app/imports/discard-action";
import type { UploadToContinue, UnfinishedUpload } from "@/lib/contract/unfinished-upload";

export type { UnfinishedUpload };
export type ContinuedUpload = UploadToContinue & { importId: string; staged: number };

const offline = { ok: false as const, error: "The connection to the server failed." };

/**
 * The file's fingerprint, and the caller's upload of that very file that stopped (a closed tab, a
 * reload, a lost network), which the wizard offers to continue from what the server already has.
 */
export function useUnfinishedUpload() {
  const [fingerprint, setFingerprint] = useState<string | null>(null);
  const [unfinished, setUnfinished] = useState<UnfinishedUpload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The file being looked up: a lookup for an earlier choice of file is dropped. */
  const current = useRef<File | null>(null);

  /** `fingerprintOf` runs where WebAssembly may: the file's worker. */
  function lookUp(file: File, fingerprintOf: (file: File) => Promise<string>) {
    current.current = file;
    setFingerprint(null);
    setUnfinished(null);
    setError(null);
    void fingerprintOf(file).then(async (found) => {
      if (current.current !== file) return;
      setFingerprint(found);
      const answer = await findUnfinishedUpload({ fingerprint: found }).catch(() => null);
      if (current.current === file && answer?.ok) setUnfinished(answer.upload);
    }, () => {
      // Without a fingerprint the file is imported as usual; only continuing a stopped upload needs it.
    });
  }

  /** Takes the stopped upload over: a new token, and what the server already stored. */
  async function take(): Promise<ContinuedUpload | null> {
    if (!unfinished || !fingerprint) return null;
    setBusy(true);
    const answer = await continueUpload({ importId: unfinished.importId, fingerprint }).catch(() => offline);
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error);
      setUnfinished(null);
      return null;
    }
    setUnfinished(null);
    return { ...answer.upload, importId: unfinished.importId, staged: unfinished.staged };
  }

  async function discard() {
    if (!unfinished) return;
    setBusy(true);
    const answer = await discardImport({ importId: unfinished.importId }).catch(() => offline);
    setBusy(false);
    if (answer.ok) setUnfinished(null);
    else setError(`The earlier upload could not be discarded: ${answer.error}`);
  }

  function dismiss() {
    setUnfinished(null);
  }

  return { fingerprint, unfinished, error, busy, lookUp, take, discard, dismiss };
}
