import xxhash from "xxhash-wasm";

/** A file's fingerprint: the 64-bit xxHash of all its bytes, in hex, and its size. */
export const FINGERPRINT_PATTERN = /^[0-9a-f]{16}-[0-9]{1,13}$/;

/**
 * What identifies a file when its creator chooses it again after an upload stopped: every byte is
 * hashed (streamed, so a large file is never held whole), because two exports of one CRM can share
 * their size, header and first lines and differ only in the middle.
 */
export async function fileFingerprint(file: Blob): Promise<string> {
  const { create64 } = await xxhash();
  const hasher = create64();
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    hasher.update(value);
  }
  return `${hasher.digest().toString(16).padStart(16, "0")}-${file.size}`;
}
