import type { ReadResult } from "@/lib/csv/read-events-file";
import { DATE_ORDER_LABELS, type DateOrder } from "@/lib/events/date-order";

/**
 * Progress on stderr, so that stdout keeps only the result (`--json` is one object). On a terminal one
 * line is rewritten in place; into a file or a pipe (logs, CI) a line is written every few seconds, so
 * a long import neither floods the log nor goes silent.
 */
export type ProgressLine = {
  /** The current state; shown now on a terminal, at most every `everyMs` otherwise. */
  update(text: string): void;
  /** A line that stays (a phase ended, a message): ends the updating line first; the next phase's first update shows at once. */
  print(text: string): void;
};

export function progressLine(
  stream: { write(text: string): unknown; isTTY?: boolean },
  options: { everyMs?: number; now?: () => number } = {},
): ProgressLine {
  const everyMs = options.everyMs ?? 5_000;
  const now = options.now ?? Date.now;
  const tty = Boolean(stream.isTTY);
  let lastWritten = -Infinity;
  let open = false;
  return {
    update(text) {
      if (tty) {
        // Carriage return and "erase line": the new state replaces the old one in place.
        stream.write(`\r\x1b[2K${text}`);
        open = true;
        return;
      }
      if (now() - lastWritten < everyMs) return;
      lastWritten = now();
      stream.write(`${text}\n`);
    },
    print(text) {
      if (open) stream.write("\r\x1b[2K");
      open = false;
      lastWritten = -Infinity;
      stream.write(`${text}\n`);
    },
  };
}

const count = (n: number) => Math.round(n).toLocaleString("en");

function shareAndSpeed(bytesRead: number, totalBytes: number, seconds: number): string {
  const percent = totalBytes > 0 ? Math.floor((bytesRead / totalBytes) * 100) : 100;
  const mbPerS = seconds > 0 ? bytesRead / 1e6 / seconds : 0;
  return `${percent}% of the file, ${mbPerS.toFixed(1)} MB/s`;
}

export function readingText(rows: number, bytesRead: number, totalBytes: number, seconds: number): string {
  return `Reading and staging: ${count(rows)} rows, ${shareAndSpeed(bytesRead, totalBytes, seconds)}`;
}

/** Before staging: the whole file is looked through for the order of its dates and its JSON columns. */
export function checkingText(bytesRead: number, totalBytes: number, seconds: number): string {
  return `Looking through the file for its date order and JSON columns: ${shareAndSpeed(bytesRead, totalBytes, seconds)}`;
}

/** What the look through the file decided, before its rows are read and staged. */
export function lookedThroughText(dateOrder: DateOrder | null, jsonParams: readonly string[], seconds: number): string {
  const dates = dateOrder ? `dates read as ${DATE_ORDER_LABELS[dateOrder]}` : "no date needs an order";
  const json = jsonParams.length > 0 ? `; JSON in ${jsonParams.join(", ")}` : "";
  return `Looked through the file in ${seconds.toFixed(1)} s: ${dates}${json}.`;
}

export function deliveringText(settled: number, total: number, perSecond: number, retries: string | null): string {
  const base = `Delivering: ${count(settled)} of ${count(total)} rows, ${count(perSecond)} events/s`;
  return retries ? `${base}; ${retries}` : base;
}

const DELIMITER_NAMES: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" };

/** What the file was read as: its encoding and delimiter, or a workbook's sheet and date system. */
export function describeFile(result: Pick<ReadResult, "file" | "workbook">): string {
  if (result.workbook?.sheet) {
    return `sheet "${result.workbook.sheet}" of a workbook${result.workbook.date1904 ? " (1904 date system)" : ""}`;
  }
  return result.file ? `${result.file.encoding}, ${DELIMITER_NAMES[result.file.delimiter]}-separated` : "";
}
