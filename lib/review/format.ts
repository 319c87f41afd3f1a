export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

const DELIMITER_NAMES: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" };
const ENCODING_NAMES: Record<string, string> = {
  "utf-8": "UTF-8",
  "utf-8-bom": "UTF-8 (with BOM)",
  "utf-16le": "UTF-16 (little-endian)",
  "utf-16be": "UTF-16 (big-endian)",
  "windows-1252": "Windows-1252",
};

export const delimiterName = (delimiter: string) => DELIMITER_NAMES[delimiter] ?? delimiter;
export const encodingName = (encoding: string) => ENCODING_NAMES[encoding] ?? encoding;

/** "1 row", "2 rows", "1,200 rows": a count with its noun in the right number. */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count.toLocaleString("en")} ${count === 1 ? noun : plural}`;
}
