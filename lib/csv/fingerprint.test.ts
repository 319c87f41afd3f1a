import { describe, expect, it } from "vitest";
import { FINGERPRINT_PATTERN, fileFingerprint } from "./fingerprint";

describe("fileFingerprint", () => {
  it("is the same for the same bytes, and tells apart files that differ in one byte of the middle", async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `u${i}@example.com,signup,2024-01-01`).join("\n");
    const changed = `${lines.slice(0, lines.length / 2)}X${lines.slice(lines.length / 2 + 1)}`;
    const first = await fileFingerprint(new Blob([lines]));
    expect(first).toMatch(FINGERPRINT_PATTERN);
    expect(await fileFingerprint(new Blob([lines.slice(0, 10), lines.slice(10)]))).toBe(first);
    expect(changed.length).toBe(lines.length);
    expect(await fileFingerprint(new Blob([changed]))).not.toBe(first);
    expect(first.endsWith(`-${lines.length}`)).toBe(true);
  });

  it("fingerprints an empty file", async () => {
    expect(await fileFingerprint(new Blob([]))).toMatch(/^[0-9a-f]{16}-0$/);
  });
});
