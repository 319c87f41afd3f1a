import { SSF, type CellObject } from "@e965/xlsx";

/** The parts of SheetJS's number formatter (SSF) used here; the package types it as `any`. */
type DateCode = { y: number; m: number; d: number; H: number; M: number; S: number };
const formatter = SSF as {
  is_date(format: string): boolean;
  parse_date_code(serial: number, options: { date1904: boolean }): DateCode | null;
  format(format: string, value: number, options?: { date1904: boolean }): string;
};

/** The texts Excel shows for its error values, by the code a cell stores (ECMA-376 Part 1, 18.18.80). */
const ERROR_TEXTS: Record<number, string> = {
  0x00: "#NULL!", 0x07: "#DIV/0!", 0x0f: "#VALUE!", 0x17: "#REF!", 0x1d: "#NAME?", 0x24: "#NUM!", 0x2a: "#N/A", 0x2b: "#GETTING_DATA",
};

/** A number format that shows digits only (zero-padded codes, fixed decimals), as `00000` or `#,##0.00`. */
const DIGITS_FORMAT = /^[0#?.,]+$/;
/** Excel keeps 15 significant digits; past them a binary double shows noise (0.30000000000000004). */
const EXCEL_DIGITS = 15;

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/**
 * A date cell as the wall time it shows, written year first: read in the import's time zone, it needs
 * no question about the order of day and month. `date1904`: the workbook counts its serials from
 * 1904-01-01 (Excel for Mac's old default) rather than from 1900.
 */
export function dateCellText(serial: number, format: string, date1904: boolean): string {
  const code = formatter.parse_date_code(serial, { date1904 });
  if (!code) return String(serial);
  const day = `${pad(code.y, 4)}-${pad(code.m)}-${pad(code.d)}`;
  const hasTime = code.H !== 0 || code.M !== 0 || code.S !== 0 || /[hs]/i.test(format.replace(/"[^"]*"/g, ""));
  return hasTime ? `${day} ${pad(code.H)}:${pad(code.M)}:${pad(code.S)}` : day;
}

/** A number as the cell shows it where the digits matter (a code's leading zeros, a price's decimals), else its value. */
export function numberCellText(value: number, format: string | undefined, date1904: boolean): string {
  if (format && format !== "General") {
    if (DIGITS_FORMAT.test(format)) return formatter.format(format, value, { date1904 }).replace(/,/g, "");
    if (format.includes("%")) return formatter.format(format, value, { date1904 });
  }
  return String(Number(value.toPrecision(EXCEL_DIGITS)));
}

/**
 * One cell as the text a CSV saved from the workbook would hold for it: a formula's cached value, a
 * typed date as a local wall time, TRUE and FALSE as Excel writes them, an error value as Excel shows it.
 */
export function cellText(cell: CellObject | undefined, date1904: boolean): string {
  if (!cell || cell.v === undefined || cell.v === null) return "";
  const { t: type, v: value } = cell;
  if (type === "s") return String(value);
  if (type === "b") return value ? "TRUE" : "FALSE";
  if (type === "e") return ERROR_TEXTS[value as number] ?? "#VALUE!";
  if (type === "d" && value instanceof Date) return localDateText(value);
  if (type === "n" && typeof value === "number") {
    const format = typeof cell.z === "string" ? cell.z : undefined;
    if (format && formatter.is_date(format)) return dateCellText(value, format, date1904);
    return numberCellText(value, format, date1904);
  }
  return String(value);
}

/** SheetJS builds the Date of an ISO date cell from its local fields: they are the wall time the cell holds. */
function localDateText(date: Date): string {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
