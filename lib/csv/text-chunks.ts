import type { ByteSource } from "./source";
import { decoderLabel, type Encoding } from "./sniff";

export const DEFAULT_CHUNK_BYTES = 4 << 20;

export type TextChunk = { text: string; bytesRead: number };

/**
 * Decodes a source chunk by chunk. A multi-byte character split across chunks is kept whole by the
 * streaming decoder. UTF-8 is decoded strictly: invalid bytes throw, so the caller can start again as
 * Windows-1252.
 */
export async function* decodeChunks(
  source: ByteSource,
  encoding: Encoding,
  chunkBytes = DEFAULT_CHUNK_BYTES,
  signal?: AbortSignal,
  /** For a range that starts inside a file: a U+FEFF there is a character of a field, not a byte-order mark. */
  ignoreBOM = false,
): AsyncGenerator<TextChunk> {
  const decoder = new TextDecoder(decoderLabel(encoding), { fatal: encoding === "utf-8", ignoreBOM });
  const readFrom = (start: number) => source.read(start, Math.min(start + chunkBytes, source.size));
  // The next chunk is read while this one is parsed and checked: reading a file is I/O the CPU
  // need not wait for. At most two chunks are in memory at once.
  let next = source.size > 0 ? readFrom(0) : null;
  for (let start = 0; start < source.size; start += chunkBytes) {
    const end = Math.min(start + chunkBytes, source.size);
    const bytes = await next!;
    next = end < source.size ? readFrom(end) : null;
    // A read already under way when the reader is cancelled is left to finish on its own.
    next?.catch(() => undefined);
    signal?.throwIfAborted();
    const text = decoder.decode(bytes, { stream: end < source.size });
    yield { text, bytesRead: end };
  }
  if (source.size === 0) return;
  const rest = decoder.decode();
  if (rest !== "") yield { text: rest, bytesRead: source.size };
}
