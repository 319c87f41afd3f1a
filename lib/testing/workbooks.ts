import { utils, write, type CellObject } from "@e965/xlsx";

/** A cell of a generated sheet: text, a number, or a typed cell (a date serial with its format, a formula). */
export type SheetCell = string | number | boolean | CellObject | null;
export type SheetSpec = { name: string; rows: SheetCell[][] };

/** Days from 1900-01-00 (with Excel's leap day of 1900) to 1904-01-01: a 1904 serial plus this is the 1900 one. */
export const DAYS_1900_TO_1904 = 1462;

/** A typed date cell as Excel stores it: a serial in the workbook's date system, shown with `format`. */
export function dateCell(serial: number, format = "yyyy-mm-dd hh:mm"): CellObject {
  return { t: "n", v: serial, z: format };
}

/** A formula with the value Excel cached when it last calculated the sheet. */
export function formulaCell(formula: string, cached: number | string): CellObject {
  return typeof cached === "number" ? { t: "n", v: cached, f: formula } : { t: "s", v: cached, f: formula };
}

/**
 * The bytes of an .xlsx workbook written by SheetJS itself (no hand-made XML), for the tests, the
 * bench and the browser specs. `date1904`: the workbook counts its date serials from 1904.
 */
export function workbookBytes(sheets: SheetSpec[], options: { date1904?: boolean; bookType?: "xlsx" | "xlsm" } = {}): Uint8Array {
  const book = utils.book_new();
  for (const sheet of sheets) {
    const cells = sheet.rows.map((row) => row.map((cell) => (cell !== null && typeof cell === "object" ? null : cell)));
    const worksheet = utils.aoa_to_sheet(cells);
    sheet.rows.forEach((row, r) => row.forEach((cell, c) => {
      if (cell !== null && typeof cell === "object") worksheet[utils.encode_cell({ r, c })] = cell;
    }));
    worksheet["!ref"] = utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(0, sheet.rows.length - 1), c: Math.max(0, ...sheet.rows.map((row) => row.length - 1)) } });
    utils.book_append_sheet(book, worksheet, sheet.name);
  }
  if (options.date1904) book.Workbook = { ...book.Workbook, WBProps: { ...book.Workbook?.WBProps, date1904: true } };
  return new Uint8Array(write(book, { type: "array", bookType: options.bookType ?? "xlsx" }) as ArrayBuffer);
}
