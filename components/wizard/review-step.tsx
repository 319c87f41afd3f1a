import { StatCards } from "@/components/ui/stat-cards";
import { TableShell } from "@/components/ui/table-shell";
import type { ReadSummary } from "./worker-protocol";
import { delimiterName, encodingName } from "./format";

type Props = { fileName: string; summary: ReadSummary; onBack: () => void; onNext: () => void };

const COUNTS = [
  { key: "total", label: "Rows" },
  { key: "valid", label: "Valid" },
  { key: "invalid", label: "Invalid" },
  { key: "duplicates", label: "Duplicates" },
] as const;

const PROBLEM_COLUMNS = [{ label: "Row" }, { label: "Email" }, { label: "Event" }, { label: "Time" }, { label: "Problem" }];

/** What the file holds: counts, and the rows with problems, each with its reason. */
export function ReviewStep({ fileName, summary, onBack, onNext }: Props) {
  const { counts, file, problems } = summary;
  return (
    <section aria-labelledby="review-heading" className="space-y-6">
      <h2 id="review-heading" className="text-xl font-semibold">2. Review {fileName}</h2>
      {file && (
        <p className="text-sm text-slate-600" data-testid="file-facts">
          {encodingName(file.encoding)}, {delimiterName(file.delimiter)}-separated
        </p>
      )}
      <StatCards stats={COUNTS.map(({ key, label }) => ({ key, label, value: counts[key] }))} testIdPrefix="count" />
      {problems.length > 0 ? (
        <TableShell caption="Rows with problems" columns={PROBLEM_COLUMNS}>
          {problems.map((problem) => (
            <tr key={problem.row} className="border-t border-slate-100 align-top" data-testid="problem-row">
              <td className="px-3 py-2 tabular-nums">{problem.row}</td>
              <td className="px-3 py-2">{problem.email}</td>
              <td className="px-3 py-2">{problem.eventName}</td>
              <td className="px-3 py-2">{problem.time}</td>
              <td className={`px-3 py-2 ${problem.duplicate ? "text-amber-700" : "text-red-700"}`}>
                {problem.messages.join(" ")}
              </td>
            </tr>
          ))}
        </TableShell>
      ) : (
        <p className="text-slate-600">Every row is valid.</p>
      )}
      <p className="text-sm text-slate-600">
        Invalid rows are sent too, so that your report lists each one with its reason; duplicates are skipped.
      </p>
      <div className="flex gap-3">
        <button type="button" onClick={onBack} className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100">
          Back
        </button>
        <button type="button" onClick={onNext} disabled={counts.valid === 0}
          className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-50">
          Continue
        </button>
      </div>
    </section>
  );
}
