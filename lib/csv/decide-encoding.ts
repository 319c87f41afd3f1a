import { sniffNotCsv, detectEncoding, type Encoding } from "./sniff";
import type { ByteSource } from "./source";

const CHUNK_BYTES = 4 << 20;

/**
 * Settles a file's encoding before any row is read: a byte-order mark says it; otherwise the whole file
 * is decoded as strict UTF-8 and, at the first byte that is not UTF-8, it is Windows-1252 (what Excel
 * writes on Western Windows). Reading the rows then never has to start again, so whoever consumes
 * them as they come (the streaming import stages them) never sees a row twice. Decoding alone is
 * cheap next to parsing: well under a second for 600 MB. Null when the file is not text at all, or is
 * empty; the row reader says why.
 */
export async function decideEncoding(
  source: ByteSource,
  options: { signal?: AbortSignal; onProgress?: (bytesRead: number) => void } = {},
): Promise<Encoding | null> {
  if (source.size === 0) return null;
  const head = await source.read(0, 16);
  if (sniffNotCsv(head)) return null;
  const announced = detectEncoding(head);
  if (announced !== "utf-8") return announced;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (let start = 0; start < source.size; start += CHUNK_BYTES) {
    options.signal?.throwIfAborted();
    const end = Math.min(start + CHUNK_BYTES, source.size);
    const bytes = await source.read(start, end);
    try {
      decoder.decode(bytes, { stream: end < source.size });
    } catch {
      return "windows-1252";
    }
    options.onProgress?.(end);
  }
  return "utf-8";
}
