import Papa from "papaparse";

/** Starts a UTF-8 file so that Excel reads it as UTF-8 rather than the system's code page. */
export const UTF8_BOM = "\uFEFF";

/**
 * A cell a spreadsheet would run as a formula: starting with =, +, -, @, tab, CR or LF. No `m` or `s`
 * flag is needed: only the first character decides, whatever line breaks follow.
 */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/**
 * Writes CSV that a spreadsheet opens inert: every formula-like cell is prefixed with `'`, including
 * values that span lines (papaparse's own default misses those, and cells starting with LF).
 */
export function toCsv(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return Papa.unparse(
    { fields: [...headers], data: rows.map((row) => [...row]) },
    { escapeFormulae: FORMULA_START, newline: "\r\n", quotes: false },
  );
}

/** Records without a header line, as toCsv writes them, for a file written a page of rows at a time. */
export function toCsvRecords(rows: readonly (readonly string[])[]): string {
  return Papa.unparse(rows.map((row) => [...row]), { escapeFormulae: FORMULA_START, newline: "\r\n", quotes: false, header: false });
}
