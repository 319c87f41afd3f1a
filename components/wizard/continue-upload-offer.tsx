"use client";

import type { UnfinishedUpload } from "./use-unfinished-upload";

type Props = {
  upload: UnfinishedUpload;
  busy: boolean;
  onContinue: () => void;
  onDiscard: () => void;
  onDismiss: () => void;
};

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });

/** The offer to finish an upload of this very file that stopped before all its rows reached the server. */
export function ContinueUploadOffer({ upload, busy, onContinue, onDiscard, onDismiss }: Props) {
  const rows = upload.rows === null ? "" : ` of ${upload.rows.toLocaleString("en")}`;
  return (
    <section aria-labelledby="continue-upload-heading" data-testid="continue-upload"
      className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-950">
      <h3 id="continue-upload-heading" className="font-semibold">You began sending this file on {when(upload.startedAt)}</h3>
      <p>
        Its upload stopped before it ended: {upload.staged.toLocaleString("en")}{rows} rows of {upload.fileName} are on the
        server, and nothing of it was delivered yet. Continue sends the rest, read as the first time; rows you fixed or
        left out in that review are sent as the file has them, and the report lists those that are not valid.
      </p>
      <div className="flex flex-wrap gap-3">
        <button type="button" disabled={busy} onClick={onContinue}
          className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-50">
          Continue sending
        </button>
        <button type="button" disabled={busy} onClick={onDiscard}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100 disabled:opacity-50">
          Discard it
        </button>
        <button type="button" disabled={busy} onClick={onDismiss} className="px-2 py-2 text-slate-700 underline">
          Not now: import the file anew
        </button>
      </div>
    </section>
  );
}
