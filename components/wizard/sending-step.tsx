"use client";

import { MessageText } from "@/components/ui/message-text";

type Props = {
  fileName: string;
  uploaded: number;
  /** At the pace so far; null until it is measured. */
  secondsLeft: number | null;
  /** Every row goes up, invalid and left-out ones too: the server keeps them as rejected. */
  toUpload: number;
  error: string | null;
  cancelling: boolean;
  onCancel: () => void;
  onRetry: () => void;
};

/** "about 2 minutes", "about 40 seconds": the time left at the pace measured so far. */
export function describeTimeLeft(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(5, Math.ceil(seconds / 5) * 5)} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return `about ${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** The upload of the rows: how far it is, how long it has left, and Cancel, which discards it. */
export function SendingStep({ fileName, uploaded, secondsLeft, toUpload, error, cancelling, onCancel, onRetry }: Props) {
  const percent = toUpload > 0 ? Math.round((uploaded / toUpload) * 100) : 100;
  return (
    <section aria-labelledby="sending-heading" className="space-y-4">
      <h2 id="sending-heading" tabIndex={-1} data-step-heading className="text-xl font-semibold focus:outline-none">5. Sending</h2>
      <p data-testid="keep-tab-open" className="text-slate-700">
        Keep this tab open while the rows of {fileName} go up to the server
        {secondsLeft === null ? "." : `: ${describeTimeLeft(secondsLeft)} left.`} The import&apos;s page opens when they are all there,
        and delivery goes on without this tab.
      </p>
      <div role="progressbar" aria-label="Uploading rows" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}
        className="h-2 overflow-hidden rounded bg-slate-200">
        <div className="h-full bg-indigo-600" style={{ width: `${percent}%` }} />
      </div>
      <p aria-live="polite" data-testid="rows-uploaded" className="text-slate-600">
        {uploaded.toLocaleString("en")} of {toUpload.toLocaleString("en")} rows uploaded
      </p>
      {error && <p data-testid="send-error" className="rounded-md border border-red-200 bg-red-50 p-4 text-red-800"><MessageText message={error} /></p>}
      <div className="flex gap-3">
        {error && (
          <button type="button" onClick={onRetry} className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100">
            Try again
          </button>
        )}
        <button type="button" disabled={cancelling} onClick={onCancel}
          className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100 disabled:opacity-50">
          {cancelling ? "Discarding the import…" : "Cancel and discard the import"}
        </button>
      </div>
    </section>
  );
}
