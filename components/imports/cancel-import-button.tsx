"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { cancelImport } from "@/app/imports/cancel-action";

/** Cancels a running import after asking once: what was delivered stays delivered. */
export function CancelImportButton({ importId }: { importId: string }) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function cancel() {
    startTransition(async () => {
      const result = await cancelImport({ importId }).catch(() => ({ ok: false as const, error: "The connection to the server failed." }));
      if (!result.ok) setError(result.error);
      setAsking(false);
      router.refresh();
    });
  }

  return (
    <div className="space-y-2 text-sm">
      {asking ? (
        <div role="group" aria-label="Cancel this import?" className="flex flex-wrap items-center gap-3 rounded-md border border-amber-200 bg-amber-50 p-3">
          <p>Stop sending? Rows already delivered stay delivered; the others are listed as rejected, to import later.</p>
          <button type="button" disabled={pending} onClick={cancel} className="rounded-md bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 disabled:opacity-50">
            Yes, cancel the import
          </button>
          <button type="button" onClick={() => setAsking(false)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
            No, keep sending
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setAsking(true)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
          Cancel import
        </button>
      )}
      {error && <p data-testid="cancel-error" className="text-red-800">{error}</p>}
    </div>
  );
}
