import { countOf } from "@/lib/review/format";
import type { UndoableChange } from "@/lib/review/edits";

/**
 * Undo for every change of the review (a cell's fix, a replace, a domain, leaving rows out), among
 * the step's actions: each press takes back the newest change, and it says how many are left.
 */
export function UndoButton({ undo, checking, onUndo }: { undo: UndoableChange; checking: boolean; onUndo: () => void }) {
  return (
    <span className="flex flex-wrap items-center gap-2">
      <button type="button" onClick={onUndo} disabled={checking} className="rounded-md border border-slate-300 px-3 py-2 hover:bg-slate-100 disabled:opacity-40">
        Undo {undo.label} ({countOf(undo.rows, "row")})
      </button>
      <span className="text-sm text-slate-600" data-testid="undo-steps">
        {undo.steps === 1 ? "The last change you can undo." : `${undo.steps.toLocaleString("en")} changes you can undo, newest first.`}
      </span>
    </span>
  );
}
