/** What can make a whole file unreadable as an events CSV. */
export type FileErrorCode =
  | "NOT_CSV" | "EMPTY_FILE" | "NO_ROWS" | "MISSING_COLUMNS" | "UNREADABLE" | "TOO_LARGE" | "AMBIGUOUS_DATE_ORDER" | "CHOOSE_SHEET";

export type FileError = { code: FileErrorCode; message: string };

export class FileProblem extends Error {
  constructor(readonly problem: FileError) {
    super(problem.message);
  }
}

const SAVE_AS_CSV = "Open it in your spreadsheet app and save it as CSV (File › Save As › CSV UTF-8), then import that file.";
const SAVE_AS_XLSX = "Open it in Excel and save it as an Excel Workbook (.xlsx) or as CSV UTF-8 (File › Save As), then import that file.";

export const fileErrors = {
  workbook: (kind: string): FileError => ({
    code: "NOT_CSV",
    message: `This file is ${kind}, not a CSV, even if its name ends in .csv. ${SAVE_AS_CSV}`,
  }),
  oldWorkbook: (): FileError => ({
    code: "NOT_CSV",
    message: `This file is an old Excel workbook (.xls) or a password-protected one, which cannot be read here. ${SAVE_AS_XLSX}`,
  }),
  notWorkbook: (): FileError => ({
    code: "NOT_CSV",
    message: `This file is zipped, but it is not an Excel workbook (.xlsx or .xlsm) nor a CSV. ${SAVE_AS_CSV}`,
  }),
  chooseSheet: (sheets: readonly string[]): FileError => ({
    code: "CHOOSE_SHEET",
    message: `This workbook has ${sheets.length} sheets (${sheets.map((sheet) => `"${sheet}"`).join(", ")}): say which one holds the events with --sheet NAME.`,
  }),
  emptySheet: (sheet: string, sheets: readonly string[]): FileError => ({
    code: "EMPTY_FILE",
    message: sheets.length > 1 ? `The sheet "${sheet}" is empty: choose the sheet that holds the events.` : `The sheet "${sheet}" is empty: there is nothing to import.`,
  }),
  noSuchSheet: (sheet: string, sheets: readonly string[]): FileError => ({
    code: "CHOOSE_SHEET",
    message: `This workbook has no sheet "${sheet}". Its sheets are ${sheets.map((name) => `"${name}"`).join(", ")}.`,
  }),
  binary: (): FileError => ({
    code: "NOT_CSV",
    message: `This file holds binary data (NUL bytes), so it is not a CSV text file. ${SAVE_AS_CSV}`,
  }),
  empty: (): FileError => ({ code: "EMPTY_FILE", message: "The file is empty: there is nothing to import." }),
  noRows: (): FileError => ({
    code: "NO_ROWS",
    message: "The file has a header but no rows of events below it.",
  }),
  missingColumns: (message: string): FileError => ({ code: "MISSING_COLUMNS", message }),
  tooManyRows: (limit: number): FileError => ({
    code: "TOO_LARGE",
    message: `The file has more than ${limit.toLocaleString("en")} rows, more than a browser can review at once. Split it into files of up to ${limit.toLocaleString("en")} rows, or import it with \`npm run --silent backfill -- import FILE\`.`,
  }),
  recordTooLong: (row: number | null, limit: number): FileError => ({
    code: "TOO_LARGE",
    message: `${row === null ? "The header row" : `Row ${row}`} is longer than ${limit.toLocaleString("en")} characters, so the file cannot be read. ` +
      `Most often a quote (") opens a field and never closes it, which makes the rest of the file one field: check the quotes on that row.`,
  }),
  unreadable: (detail: string): FileError => ({ code: "UNREADABLE", message: `The file could not be read: ${detail}` }),
  ambiguousDateOrder: (examples: readonly string[]): FileError => ({
    code: "AMBIGUOUS_DATE_ORDER",
    message: `The dates of this file can be read month first or day first (${examples.map((value) => `"${value}"`).join(", ")}), ` +
      `and none of them shows which. Say how they are written with --date-format MDY (month/day/year) or --date-format DMY (day/month/year).`,
  }),
};
