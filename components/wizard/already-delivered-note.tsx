import type { AlreadyDelivered } from "./use-already-delivered";

/** The ledger's answer in the review step: how many valid events would be skipped as already imported. */
export function AlreadyDeliveredNote({ state, destination }: { state: AlreadyDelivered | null; destination: string }) {
  if (!state) return null;
  if (state.error) return <p className="text-sm text-amber-800" data-testid="already-delivered">{state.error}</p>;
  if (!state.done) return <p className="text-sm text-slate-500" data-testid="already-delivered">Checking which events {destination} already has…</p>;
  if (state.count === 0) return null;
  const count = state.count.toLocaleString("en");
  return (
    <p className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="already-delivered">
      {count} of the valid events {state.count === 1 ? "was" : "were"} already delivered to {destination} by an earlier import:
      {state.count === 1 ? " it" : " they"} will be skipped as duplicates. Choose &ldquo;Already delivered&rdquo; below to see {state.count === 1 ? "it" : "them"}.
    </p>
  );
}
