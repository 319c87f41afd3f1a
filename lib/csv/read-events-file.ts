import { FileProblem, fileErrors } from "./file-errors";
import { readWorkbook, type WorkbookFacts } from "./read-workbook";
import { detectEncoding, isZipped, sniffNotCsv, type Encoding } from "./sniff";
import type { ByteSource } from "./source";
import { decodeChunks } from "./text-chunks";
import { FileReaderState } from "./file-reader-state";
import { failedRead, type ReadOptions, type ReadResult } from "./read-types";

export * from "./read-types";
export { FileReaderState } from "./file-reader-state";

/**
 * Reads an events CSV from start to end with the rules of lib/events: the one path for the browser's
 * worker, the CLI and the benchmark. File-level problems come back as `error`, never as exceptions;
 * only cancelling (the signal) throws.
 */
export async function readEventsFile(source: ByteSource, options: ReadOptions): Promise<ReadResult> {
  if (source.size === 0) return failedRead(fileErrors.empty());
  const head = await source.read(0, 16);
  if (isZipped(head)) return readWorkbookFile(source, options);
  const notCsv = sniffNotCsv(head);
  if (notCsv) return failedRead(notCsv);
  const encoding = options.encoding ?? detectEncoding(head);
  try {
    return await readAs(source, encoding, options);
  } catch (error) {
    if (error instanceof FileProblem) return failedRead(error.problem);
    if (encoding === "utf-8" && !options.encoding && error instanceof TypeError && !options.signal?.aborted) {
      options.onRestart?.();
      try {
        return await readAs(source, "windows-1252", options);
      } catch (retryError) {
        if (retryError instanceof FileProblem) return failedRead(retryError.problem);
        throw retryError;
      }
    }
    throw error;
  }
}

/** A workbook's chosen sheet, read into the same rules as a CSV's text. */
async function readWorkbookFile(source: ByteSource, options: ReadOptions): Promise<ReadResult> {
  const reader = new FileReaderState("utf-8", options);
  let workbook: WorkbookFacts | null = null;
  try {
    const read = await readWorkbook(source, {
      sheet: options.sheet, headerRow: options.headerRow, columns: options.columns, signal: options.signal, pause: options.pause,
      onProgress: (fraction) => options.onProgress?.({ bytesRead: Math.round(fraction * source.size), totalBytes: source.size, rows: reader.counts.total }),
    }, reader);
    workbook = read.facts;
    if (read.error) return { ...failedRead(read.error), workbook };
    return { ...reader.finish(), workbook };
  } catch (error) {
    if (error instanceof FileProblem) return { ...failedRead(error.problem), workbook };
    throw error;
  }
}

async function readAs(
  source: ByteSource,
  encoding: Encoding,
  options: ReadOptions,
): Promise<ReadResult> {
  const reader = new FileReaderState(encoding, options);
  await pushText(reader, source, options);
  return reader.finish();
}

/**
 * Decodes a source (a whole file, or a range of one that starts at a record) into the reader.
 * `progressBase` is where the range starts in its file.
 */
export async function pushText(reader: FileReaderState, source: ByteSource, options: ReadOptions, progressBase = 0, totalBytes = source.size): Promise<void> {
  for await (const chunk of decodeChunks(source, reader.encoding, options.chunkBytes, options.signal, progressBase > 0)) {
    if (chunk.text.includes("\u0000")) throw new FileProblem(fileErrors.binary());
    reader.push(chunk.text);
    if (reader.done) break;
    options.onProgress?.({ bytesRead: progressBase + chunk.bytesRead, totalBytes, rows: reader.counts.total });
  }
}

