import { fileErrors, type FileError } from "./file-errors";

export type Encoding = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "windows-1252";

/** A zip archive's first bytes: an .xlsx or .xlsm workbook is one. */
const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** An OLE compound file: an old binary workbook (.xls), or an .xlsx encrypted with a password. */
const COMPOUND_FILE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Signatures of files people rename to .csv or pick by mistake. */
const SIGNATURES: { bytes: number[]; kind: string }[] = [
  { bytes: ZIP, kind: "an Excel workbook (.xlsx) or another zipped document" },
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: "a PDF document" },
  { bytes: [0x1f, 0x8b], kind: "a compressed (gzip) file" },
];

function startsWith(head: Uint8Array, bytes: number[]): boolean {
  return bytes.every((byte, i) => head[i] === byte);
}

/** The encoding a byte-order mark announces; otherwise UTF-8 is tried first. */
export function detectEncoding(head: Uint8Array): Encoding {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return "utf-8-bom";
  if (startsWith(head, [0xff, 0xfe])) return "utf-16le";
  if (startsWith(head, [0xfe, 0xff])) return "utf-16be";
  return "utf-8";
}

/** Whether the file is zipped, as a workbook is: the workbook reader then says whether it is one. */
export function isZipped(head: Uint8Array): boolean {
  return startsWith(head, ZIP);
}

/** A file-level error when the first bytes show the file is not text at all. */
export function sniffNotCsv(head: Uint8Array): FileError | null {
  if (startsWith(head, COMPOUND_FILE)) return fileErrors.oldWorkbook();
  for (const signature of SIGNATURES) {
    if (startsWith(head, signature.bytes)) return fileErrors.workbook(signature.kind);
  }
  return null;
}

/** TextDecoder's label for an encoding; the BOM itself is dropped by the decoder. */
export function decoderLabel(encoding: Encoding): string {
  return encoding === "utf-8-bom" ? "utf-8" : encoding;
}
