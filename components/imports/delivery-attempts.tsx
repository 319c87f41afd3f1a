"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

type SendAgainResult = { ok: true; rows: number } | { ok: false; error: string };

type Props = {
  importId: string;
  /** The destination's last answer while a batch is retried, e.g. "Yespo answered 429: attempt 3 failed, the next in 8 s." */
  attemptNote: string | null;
  sentAgain: number;
  /** Rows a failed import could not deliver; 0 when there are none to send again. */
  undelivered: number;
  sendAgain: (input: { importId: string }) => Promise<SendAgainResult>;
};

const rows = (count: number) => `${count.toLocaleString("en")} row${count === 1 ? "" : "s"}`;

/** How delivery is going when the destination makes it wait, and a second chance for what a failure left undelivered. */
export function DeliveryAttempts({ importId, attemptNote, sentAgain, undelivered, sendAgain }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, startTransition] = useTransition();

  function run() {
    setError(null);
    startTransition(async () => {
      const result = await sendAgain({ importId });
      if (result.ok) router.refresh();
      else setError(result.error);
    });
  }

  if (!attemptNote && undelivered === 0 && sentAgain === 0) return null;
  return (
    <section aria-label="Delivery" className="space-y-3">
      {attemptNote && (
        <p className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="attempt-note">
          Retrying: {attemptNote}
        </p>
      )}
      {sentAgain > 0 && (
        <p className="text-sm text-slate-600" data-testid="sent-again">
          Undelivered rows sent again {sentAgain === 1 ? "once" : `${sentAgain} times`}.
        </p>
      )}
      {undelivered > 0 && (
        <div className="space-y-2">
          <p className="text-sm text-slate-700">
            {rows(undelivered)} could not be delivered. They can be sent again as they are, without uploading the file:
            rows already delivered are not sent twice.
          </p>
          <button type="button" onClick={run} disabled={busy}
            className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-50">
            {busy ? "Sending again…" : "Send the undelivered rows again"}
          </button>
          {error && <p className="text-sm text-red-700" data-testid="send-again-error">{error}</p>}
        </div>
      )}
    </section>
  );
}
