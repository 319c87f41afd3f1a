"use client";

import type { FirstLine } from "@/lib/csv/read-events-file";

type Props = {
  lines: FirstLine[];
  /** The line read as the header now. */
  headerRow: number;
  onChoose: (row: number) => void;
};

/** Fields shown of each line: enough to recognise it. */
const SHOWN_FIELDS = 8;

/**
 * Asked when no line of the file names the columns an event needs (an email and a time): the file's
 * first lines, and which of them holds the column names. The file is then read again from that line.
 */
export function HeaderLineChoice({ lines, headerRow, onChoose }: Props) {
  return (
    <fieldset className="space-y-3 rounded-lg border border-amber-200 bg-amber-50 p-4" data-testid="header-line-choice">
      <legend className="px-1 font-medium">Which line holds the column names?</legend>
      <p className="text-sm text-slate-700">
        No line of this file names an email and a time column, so line {headerRow} is read as the header. If the names are on
        another line (below a report&apos;s title, say), choose it; the lines above it are left out.
      </p>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">The first lines of the file</caption>
        <tbody>
          {lines.map((line) => (
            <tr key={line.row} className="border-t border-amber-200" data-testid="first-line">
              <th scope="row" className="w-20 py-1.5 pr-2 font-normal text-slate-500">Line {line.row}</th>
              <td className="max-w-xl truncate py-1.5 pr-2 font-mono text-xs">
                {line.fields.slice(0, SHOWN_FIELDS).filter((field) => field.trim() !== "").join(" · ")}
                {line.fields.length > SHOWN_FIELDS ? " …" : ""}
              </td>
              <td className="w-48 py-1.5 text-right">
                {line.row === headerRow ? (
                  <span className="text-slate-600">The header now</span>
                ) : (
                  <button type="button" onClick={() => onChoose(line.row)}
                    className="rounded-md border border-amber-300 bg-white px-2 py-1 hover:bg-amber-100">
                    Use line {line.row} as the header
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}
