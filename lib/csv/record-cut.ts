import type { ByteSource } from "./source";

const QUOTE = 0x22;

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

