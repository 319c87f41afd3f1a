"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import type { ActionResult } from "@/lib/contract/action-result";
import type { ConfirmedRangeInput, DeletePreview, RangeInput } from "@/lib/contract/delete-range";

type Props = {
  title: string;
  description: string;
  /** Prefixes the test ids of the form's parts. */
  testId: string;
  preview: (input: RangeInput) => Promise<ActionResult<{ preview: DeletePreview }>>;
  remove: (input: RangeInput | ConfirmedRangeInput) => Promise<ActionResult<{ message: string }>>;
};

type Message = { tone: "done" | "error"; text: string };

const FIELDS = [{ name: "from", label: "From" }, { name: "to", label: "To" }] as const;

/**
 * A deletion by time range in two steps: the range is checked and described by the server (with how
 * many events it holds, where the store can count them), and only a second, explicit click deletes.
 */
export function DeleteRangeForm({ title, description, testId, preview, remove }: Props) {
  const router = useRouter();
  const id = useId();
  const [range, setRange] = useState<RangeInput>({ from: "", to: "" });
  const [pending, setPending] = useState<DeletePreview | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, startTransition] = useTransition();

  // The range is checked by the server alone: zod in the browser would test for eval, which the CSP refuses.
  function review(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await preview(range);
      if (result.ok) {
        setPending(result.preview);
        setMessage(null);
      } else {
        setMessage({ tone: "error", text: result.error });
      }
    });
  }

  function confirm() {
    if (!pending) return;
    startTransition(async () => {
      const result = await remove(pending.expected === null ? range : { ...range, expected: pending.expected });
      setPending(null);
      setMessage(result.ok ? { tone: "done", text: result.message } : { tone: "error", text: result.error });
      if (result.ok) router.refresh();
    });
  }

  return (
    <section aria-labelledby={`${id}-title`} className="space-y-4 rounded-lg border border-red-200 bg-white p-4">
      <h2 id={`${id}-title`} className="text-lg font-semibold">{title}</h2>
      <p className="text-sm text-slate-600">{description}</p>
      <form onSubmit={review} onChange={() => message?.tone === "error" && setMessage(null)} className="flex flex-wrap items-end gap-4" noValidate>
        {FIELDS.map(({ name, label }) => (
          <div key={name} className="space-y-1">
            <label htmlFor={`${id}-${name}`} className="block text-sm font-medium">{label} (UTC)</label>
            <input id={`${id}-${name}`} type="datetime-local" required value={range[name]} disabled={pending !== null}
              onChange={(event) => setRange({ ...range, [name]: event.target.value })}
              className="rounded-md border border-slate-300 px-3 py-2 disabled:bg-slate-100" />
          </div>
        ))}
        {pending === null && (
          <button type="submit" disabled={busy} className="rounded-md border border-red-300 px-4 py-2 text-red-800 hover:bg-red-50 disabled:opacity-50">
            Review the deletion
          </button>
        )}
      </form>
      <div aria-live="polite">
        {pending && (
          <div role="group" aria-labelledby={`${id}-summary`} className="space-y-3 rounded-md border border-red-300 bg-red-50 p-4">
            <p id={`${id}-summary`} data-testid={`${testId}-confirmation`} className="text-red-900">{pending.summary}</p>
            <div className="flex gap-3">
              <button type="button" onClick={confirm} disabled={busy} className="rounded-md bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:opacity-50">
                {pending.confirmLabel}
              </button>
              <button type="button" onClick={() => setPending(null)} disabled={busy} className="rounded-md border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100">
                Cancel
              </button>
            </div>
          </div>
        )}
      </div>
      <p aria-live="polite" data-testid={`${testId}-result`}
        className={message?.tone === "error" ? "text-sm text-red-700" : "text-sm text-emerald-800"}>
        {message?.text}
      </p>
    </section>
  );
}
