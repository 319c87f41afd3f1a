import { open } from "node:fs/promises";
import type { ByteSource } from "@/lib/csv/source";

/** A file on disk as a re-readable source of bytes, for the CLI and the benchmark. */
export async function fileSource(path: string): Promise<ByteSource & { close(): Promise<void> }> {
  const handle = await open(path, "r");
  const { size } = await handle.stat();
  return {
    size,
    async read(start, end) {
      const length = Math.max(0, Math.min(end, size) - start);
      const buffer = new Uint8Array(length);
      let offset = 0;
      while (offset < length) {
        const { bytesRead } = await handle.read(buffer, offset, length - offset, start + offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
      }
      return offset === length ? buffer : buffer.subarray(0, offset);
    },
    close: () => handle.close(),
  };
}
