"use client";

import { useState, useTransition } from "react";

type Props = {
  /** The button, the question's name, what it does said plainly, and the two answers. */
  label: string;
  question: string;
  explanation: string;
  confirm: string;
  keep: string;
  /** The action; its error is shown under the button. */
  run: () => Promise<{ ok: true } | { ok: false; error: string }>;
  onDone: (ok: boolean) => void;
  errorTestId: string;
};

/** A button for something that cannot be undone: it asks once, then runs and reports a refusal. */
export function AskFirstButton({ label, question, explanation, confirm, keep, run, onDone, errorTestId }: Props) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function go() {
    startTransition(async () => {
      const result = await run().catch(() => ({ ok: false as const, error: "The connection to the server failed." }));
      if (!result.ok) setError(result.error);
      setAsking(false);
      onDone(result.ok);
    });
  }

  return (
    <div className="space-y-2 text-sm">
      {asking ? (
        <div role="group" aria-label={question} className="flex flex-wrap items-center gap-3 rounded-md border border-amber-200 bg-amber-50 p-3">
          <p>{explanation}</p>
          <button type="button" disabled={pending} onClick={go} className="rounded-md bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 disabled:opacity-50">
            {confirm}
          </button>
          <button type="button" onClick={() => setAsking(false)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
            {keep}
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setAsking(true)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
          {label}
        </button>
      )}
      {error && <p data-testid={errorTestId} className="text-red-800">{error}</p>}
    </div>
  );
}
