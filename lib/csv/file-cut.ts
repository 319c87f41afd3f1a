import { readEventsFile, type KnownHeader, type ReadOptions } from "./read-events-file";
import { sliceSource } from "./read-range";
import type { ByteSource } from "./source";

/**
 * What is read before the ranges start, for the header and, most often, the date order of the time
 * column (the first date that reads one way only comes within a few rows in most files).
 */
const PREFIX_BYTES = 4 << 20;
const QUOTE = 0x22;

/** What the scan of the file's start needs of the parallel read's options. */
export type StartOptions = Pick<ReadOptions, "timeZone" | "nowMs" | "columns" | "dateOrder" | "requireColumns" | "encoding" | "signal"> & {
  prefixBytes?: number;
};

/**
 * The header and, when the start of the file proves it, the date order, read from the file's first
 * few megabytes; and about how long a row is there, to size what holds the rows' fingerprints.
 */
export async function scanStart(source: ByteSource, options: StartOptions): Promise<{ header: KnownHeader; proof: "MDY" | "DMY" | null; bytesPerRow: number } | null> {
  const head = await source.read(0, Math.min(source.size, options.prefixBytes ?? PREFIX_BYTES));
  // Up to a line break, so that no character is cut in two (neither byte is ever part of another character).
  const end = Math.max(head.lastIndexOf(0x0a), head.lastIndexOf(0x0d)) + 1;
  if (end === 0) return null;
  const scan = await readEventsFile(sliceSource(source, 0, end), {
    timeZone: options.timeZone, nowMs: options.nowMs, columns: options.columns, dateOrder: options.dateOrder ?? "auto",
    requireColumns: options.requireColumns, encoding: options.encoding, signal: options.signal, scanOnly: true,
  });
  if (scan.error || !scan.file || !scan.mapping) return null;
  let lines = 0;
  for (let at = head.indexOf(0x0a); at !== -1 && at < end; at = head.indexOf(0x0a, at + 1)) lines++;
  return { header: { headers: scan.headers, facts: scan.file }, proof: scan.dateOrder.finding.proof?.order ?? null, bytesPerRow: end / Math.max(1, lines) };
}

export function sameHeader(end: { headers: string[]; facts: KnownHeader["facts"] | null }, header: KnownHeader): boolean {
  const facts = end.facts;
  return facts !== null && facts.encoding === header.facts.encoding && facts.delimiter === header.facts.delimiter &&
    facts.newline === header.facts.newline && end.headers.length === header.headers.length &&
    end.headers.every((name, i) => name === header.headers[i]);
}

/**
 * Bytes on either side of the cut's target: without a quote among them, the first line break past
 * the target ends a record, and the quotes before need not be counted (half the file, read once more).
 */
const QUOTE_FREE_BYTES = 64 << 10;

/**
 * The first line break past `target` when no quote comes near it; null where the quotes must be
 * counted. Only a quoted field longer than the window, with line breaks, could hold that line break:
 * then the first range ends inside a record, which its reader notices, and the file is read on one core.
 */
async function quoteFreeCut(source: ByteSource, target: number, newline: number): Promise<number | null> {
  const from = Math.max(0, target - QUOTE_FREE_BYTES);
  const bytes = await source.read(from, Math.min(source.size, target + QUOTE_FREE_BYTES));
  if (bytes.includes(QUOTE)) return null;
  const lineEnd = bytes.indexOf(newline, target - from);
  return lineEnd === -1 ? null : from + lineEnd + 1;
}

/**
 * The first record boundary at or past `target`: the byte after a line break outside quotes. Quotes are
 * counted from the start of the file (a quoted field may hold line breaks); where a file's quotes are
 * not paired as the standard has them, papaparse may disagree, which the first range's reader notices.
 */
export async function findRecordCut(source: ByteSource, target: number, newline: number, chunkBytes = 4 << 20): Promise<number | null> {
  const near = await quoteFreeCut(source, target, newline);
  if (near !== null) return near;
  let quoted = false;
  for (let start = 0; start < source.size; start += chunkBytes) {
    const bytes = await source.read(start, Math.min(start + chunkBytes, source.size));
    let from = 0;
    for (;;) {
      const quote = bytes.indexOf(QUOTE, from);
      const stop = quote === -1 ? bytes.length : quote;
      if (!quoted && start + stop > target) {
        const lineEnd = bytes.indexOf(newline, Math.max(from, target - start));
        if (lineEnd !== -1 && lineEnd < stop) return start + lineEnd + 1;
      }
      if (quote === -1) break;
      quoted = !quoted;
      from = quote + 1;
    }
  }
  return null;
}

