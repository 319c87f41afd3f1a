import type { CSSProperties, ReactNode } from "react";

export type Column = { label: string; numeric?: boolean };

/** The columns' names for the cells of a table stacked on a phone (.table-stack in globals.css). */
export function stackLabels(labels: readonly string[]): CSSProperties {
  return Object.fromEntries(labels.map((label, k) => [`--col-${k + 1}`, JSON.stringify(label)])) as CSSProperties;
}

/**
 * The frame every table here shares: caption for screen readers, header row; on a phone each row
 * stacks its cells under their columns' names, so that none is out of sight.
 */
export function TableShell({ caption, columns, children }: { caption: string; columns: Column[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="table-stack w-full text-left text-sm" style={stackLabels(columns.map((column) => column.label))}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-slate-600">
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" className={`px-3 py-2 ${column.numeric ? "text-right" : ""}`}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
