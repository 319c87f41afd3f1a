"use client";

import { useRef, useState, type DragEvent } from "react";
import { MessageText } from "@/components/ui/message-text";
import { formatBytes } from "@/lib/review/format";

export type ReadProgressView = { bytesRead: number; totalBytes: number; rows: number; startedAt: number; elapsedMs: number };

type Props = {
  /** The file being read, or last chosen: progress and errors name it. */
  fileName: string;
  maxBytes: number;
  progress: ReadProgressView | null;
  error: string | null;
  /** The sheets of a workbook that has several, while the user is to choose one. */
  sheets: string[] | null;
  onFile: (file: File) => void;
  onSheet: (sheet: string) => void;
  onCancel: () => void;
};

/** What the wizard reads: CSV files and Excel workbooks (.xlsx, and .xlsm with macros). */
const READABLE = [".csv", ".xlsx", ".xlsm"];

/** Drop a file or pick one; only CSV files and workbooks go on to be read. */
export function UploadStep({ fileName, maxBytes, progress, error, sheets, onFile, onSheet, onCancel }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  function choose(file: File | undefined) {
    if (!file) return;
    const name = file.name.toLowerCase();
    if (name.endsWith(".xls")) {
      setRefusal(`"${file.name}" is an old Excel workbook (.xls), which cannot be read here. Open it in Excel and save it as an Excel Workbook (.xlsx) or as CSV UTF-8 (File › Save As), then choose that file.`);
      return;
    }
    if (!READABLE.some((extension) => name.endsWith(extension))) {
      setRefusal(`"${file.name}" is neither a CSV file nor an Excel workbook (.xlsx). Open it in your spreadsheet app and save it as CSV (File › Save As › CSV UTF-8) or as .xlsx, then choose that file.`);
      return;
    }
    if (file.size > maxBytes) {
      setRefusal(`"${file.name}" is ${formatBytes(file.size)}; files up to ${formatBytes(maxBytes)} can be imported. Split it into smaller files.`);
      return;
    }
    setRefusal(null);
    onFile(file);
  }

  function drop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  }

  const message = refusal ?? error;
  const reading = progress !== null;
  const percent = progress && progress.totalBytes > 0 ? Math.round((progress.bytesRead / progress.totalBytes) * 100) : 0;
  const seconds = progress ? Math.max(0.001, progress.elapsedMs / 1000) : 1;

  return (
    <section aria-labelledby="upload-heading" className="space-y-6">
      <h2 id="upload-heading" tabIndex={-1} data-step-heading className="text-xl font-semibold focus:outline-none">1. Choose your file</h2>
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        className={`rounded-lg border-2 border-dashed p-10 text-center ${dragging ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-white"}`}
      >
        <p className="text-slate-600">
          Drop a CSV file or an Excel workbook (.xlsx) here with the columns <code>email</code>, <code>event_name</code> and <code>time</code>;
          any other column becomes an event parameter.{" "}
          <a href="/backfill-template.csv" download className="text-indigo-700 underline">Download a template</a> with the three columns and an example row.
        </p>
        <label className="mt-4 inline-block cursor-pointer rounded-md bg-indigo-600 px-4 py-2 font-medium text-white focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-indigo-600 hover:bg-indigo-700">
          Choose a file
          <input
            ref={input}
            type="file"
            accept=".csv,text/csv,.xlsx,.xlsm"
            className="sr-only"
            disabled={reading}
            data-testid="file-input"
            onChange={(event) => {
              choose(event.target.files?.[0]);
              event.target.value = "";
            }}
          />
        </label>
      </div>

      {reading && (
        <div className="space-y-2">
          <div role="progressbar" aria-label="Reading the file" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}
            className="h-2 overflow-hidden rounded bg-slate-200">
            <div className="h-full bg-indigo-600 transition-[width]" style={{ width: `${percent}%` }} />
          </div>
          <p className="text-sm text-slate-700">
            Reading <span className="font-medium text-slate-900" data-testid="reading-file">{fileName} ({formatBytes(progress.totalBytes)})</span>
          </p>
          <p aria-live="polite" className="text-sm text-slate-600">
            {progress.rows.toLocaleString("en")} rows read, {(progress.bytesRead / 1e6 / seconds).toFixed(1)} MB/s
          </p>
          <button type="button" onClick={onCancel} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
            Cancel
          </button>
        </div>
      )}

      {sheets && !reading && (
        <fieldset className="space-y-3 rounded-md border border-slate-200 bg-white p-4" data-testid="sheet-choice">
          <legend className="px-1 font-medium">This workbook has {sheets.length} sheets. Which one holds the events?</legend>
          <div className="flex flex-wrap gap-2">
            {sheets.map((sheet) => (
              <button key={sheet} type="button" onClick={() => onSheet(sheet)}
                className="rounded-md border border-indigo-300 px-3 py-1.5 text-indigo-800 hover:bg-indigo-50">
                Read “{sheet}”
              </button>
            ))}
          </div>
        </fieldset>
      )}

      {message && (
        <p data-testid="file-error" className="rounded-md border border-red-200 bg-red-50 p-4 text-red-800">
          <MessageText message={message} />
        </p>
      )}
    </section>
  );
}
