import type { ReadSummary } from "./worker-protocol";
import { delimiterName, encodingName } from "./format";

type Props = { fileName: string; summary: ReadSummary; onBack: () => void; onNext: () => void };

const COUNTS = [
  { key: "total", label: "Rows" },
  { key: "valid", label: "Valid" },
  { key: "invalid", label: "Invalid" },
  { key: "duplicates", label: "Duplicates" },
] as const;

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
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        {COUNTS.map(({ key, label }) => (
          <div key={key} className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-500">{label}</dt>
            <dd className="text-2xl font-semibold tabular-nums" data-testid={`count-${key}`}>
              {counts[key].toLocaleString("en")}
            </dd>
          </div>
        ))}
      </dl>
      {problems.length > 0 ? (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Rows with problems</caption>
            <thead className="bg-slate-100 text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">Row</th>
                <th scope="col" className="px-3 py-2">Email</th>
                <th scope="col" className="px-3 py-2">Event</th>
                <th scope="col" className="px-3 py-2">Time</th>
                <th scope="col" className="px-3 py-2">Problem</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
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
