/** Bytes that can be read again from any offset: a browser File, a file on disk, bytes in memory. */
export type ByteSource = {
  size: number;
  read(start: number, end: number): Promise<Uint8Array>;
};

export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
  };
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (start, end) => bytes.subarray(start, Math.min(end, bytes.length)),
  };
}
