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
): AsyncGenerator<TextChunk> {
  const decoder = new TextDecoder(decoderLabel(encoding), { fatal: encoding === "utf-8" });
  for (let start = 0; start < source.size; start += chunkBytes) {
    signal?.throwIfAborted();
    const end = Math.min(start + chunkBytes, source.size);
    const bytes = await source.read(start, end);
    const text = decoder.decode(bytes, { stream: end < source.size });
    yield { text, bytesRead: end };
  }
  if (source.size === 0) return;
  const rest = decoder.decode();
  if (rest !== "") yield { text: rest, bytesRead: source.size };
}
