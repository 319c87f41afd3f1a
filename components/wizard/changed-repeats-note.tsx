import type { AlreadyDelivered } from "./use-already-delivered";

/**
 * The rows whose address, event and time match an event already delivered with other values (a row
 * fixed in an earlier review, imported again): skipped unless the user chooses to send them. The
 * server decides again when the import runs, with the same rule.
 */
export function ChangedRepeatsNote({ state, send, onSend }: { state: AlreadyDelivered; send: boolean; onSend: (send: boolean) => void }) {
  const one = state.changed === 1;
  return (
    <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="changed-repeats">
      <p>
        {state.changed.toLocaleString("en")} valid {one ? "row matches an event" : "rows match events"} already imported with the same
        email, event and time but other values. Choose &ldquo;Imported with other values&rdquo; below to see {one ? "it" : "them"}.
      </p>
      <ul className="list-disc pl-5" aria-label="Rows already imported with other values">
        {state.changedExamples.map((example) => (
          <li key={example.row} data-testid="changed-example">Row {example.row}: {example.note}</li>
        ))}
      </ul>
      <fieldset className="flex flex-wrap gap-x-4 gap-y-1">
        <legend className="sr-only">Rows already imported with other values</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="changed-repeats" checked={!send} onChange={() => onSend(false)} />
          Skip {one ? "it" : "them"} (recommended)
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="changed-repeats" checked={send} onChange={() => onSend(true)} />
          Send {one ? "it" : "them"} as new events
        </label>
      </fieldset>
    </div>
  );
}
