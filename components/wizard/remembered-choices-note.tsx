import type { RememberedView } from "@/lib/review/choice-differences";

/**
 * Where the mapping step's choices come from (the last import of a file with this header, by anyone
 * in the workspace), and, once the user changes them, what now reads differently: a re-import read
 * otherwise would deliver the same events a second time, off by the difference.
 */
export function RememberedChoicesNote({ remembered, differences }: { remembered: RememberedView; differences: string[] }) {
  const who = remembered.savedBy ? ` by ${remembered.savedBy}` : "";
  if (differences.length === 0) {
    return (
      <p className="text-sm text-indigo-800" data-testid="remembered-choices">
        Using the choices of the last import with these columns: {remembered.fileName}, {remembered.savedAt}{who}. Change any of them below.
      </p>
    );
  }
  return (
    <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="choices-differ">
      <p className="font-medium">
        A file with these columns was imported on {remembered.savedAt}{who} ({remembered.fileName}) with other choices. Its events would not match those already delivered, and would be sent again:
      </p>
      <ul className="mt-1 list-disc pl-5">
        {differences.map((difference) => <li key={difference}>{difference}</li>)}
      </ul>
    </div>
  );
}
