import type { CellObject, WorkBook } from "@e965/xlsx";
import type { ColumnChoices } from "@/lib/events/column-choices";
import { fileErrors, type FileError } from "./file-errors";
import { findHeaderRow, MAX_TITLE_LINES } from "./header";
import type { ByteSource } from "./source";

/** What a workbook is: its sheets, the one read (null while it is to be chosen), its date system. */
export type WorkbookFacts = { sheet: string | null; sheets: string[]; date1904: boolean };

/** The reader of rows (FileReaderState) as a workbook feeds it: a header, then rows of cells. */
export type CellSink = {
  noteFirstLine(row: number, fields: string[]): void;
  startCells(row: number, headers: string[]): void;
  pushCells(row: number, fields: string[]): void;
  readonly done: boolean;
};

export type WorkbookReadOptions = {
  /** The sheet to read; a workbook of one sheet needs none. */
  sheet?: string;
  /** The row (as the spreadsheet numbers it) that holds the header, when the user has said which. */
  headerRow?: number;
  columns?: ColumnChoices;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /**
   * Awaited between stretches of rows: a workbook's bytes are read at once, so a caller that holds
   * its reading while it catches up (the CLI's staging) holds it here.
   */
  pause?: () => Promise<void>;
};

/** Rows between two checks of the signal, two progress reports and two pauses: a batch of staging. */
const STRETCH_ROWS = 500;

/**
 * Reads one sheet of an .xlsx or .xlsm workbook with SheetJS (decision 014) into `sink`, each row's
 * cells as the text a CSV saved from it would hold (workbook-cells.ts), numbered as the spreadsheet
 * shows them. Only the chosen sheet is parsed, into dense rows that are let go as they are read, so
 * the rows are not held twice. File-level problems are returned; only cancelling throws.
 */
export async function readWorkbook(source: ByteSource, options: WorkbookReadOptions, sink: CellSink): Promise<{ facts: WorkbookFacts | null; error: FileError | null }> {
  // SheetJS is loaded with the first workbook: a worker that only ever reads CSV files never fetches it.
  const [{ read, utils }, { cellText }] = await Promise.all([import("@e965/xlsx"), import("./workbook-cells")]);
  const bytes = await source.read(0, source.size);
  let sheets: string[];
  try {
    sheets = read(bytes, { type: "array", bookSheets: true }).SheetNames;
  } catch {
    return { facts: null, error: fileErrors.notWorkbook() };
  }
  if (sheets.length === 0) return { facts: null, error: fileErrors.notWorkbook() };
  const noSheet = { sheet: null, sheets, date1904: false };
  const sheet = options.sheet ?? (sheets.length === 1 ? sheets[0] : null);
  if (sheet === null) return { facts: noSheet, error: fileErrors.chooseSheet(sheets) };
  if (!sheets.includes(sheet)) return { facts: noSheet, error: fileErrors.noSuchSheet(sheet, sheets) };
  options.signal?.throwIfAborted();

  let book: WorkBook;
  try {
    book = read(bytes, { type: "array", dense: true, sheets: [sheet], cellText: false, cellHTML: false, cellFormula: false, cellNF: true });
  } catch (error) {
    return { facts: noSheet, error: fileErrors.unreadable(`the sheet "${sheet}" could not be read (${error instanceof Error ? error.message : String(error)}).`) };
  }
  const date1904 = book.Workbook?.WBProps?.date1904 === true;
  const facts = { sheet, sheets, date1904 };
  const worksheet = book.Sheets[sheet];
  const data = (worksheet?.["!data"] ?? []) as (CellObject[] | undefined)[];
  const firstColumn = worksheet?.["!ref"] ? utils.decode_range(worksheet["!ref"]).s.c : 0;
  const fieldsOf = (cells: CellObject[]) => {
    const fields: string[] = [];
    for (let column = firstColumn; column < cells.length; column++) fields.push(cellText(cells[column], date1904));
    return fields;
  };

  const headerIndex = findHeader(data, fieldsOf, options);
  if (headerIndex === null) return { facts, error: fileErrors.emptySheet(sheet, sheets) };
  for (let index = 0; index <= headerIndex; index++) {
    const cells = data[index];
    if (cells) sink.noteFirstLine(index + 1, fieldsOf(cells));
  }
  sink.startCells(headerIndex + 1, fieldsOf(data[headerIndex]!));
  for (let index = 0; index <= headerIndex; index++) data[index] = undefined;
  for (let index = headerIndex + 1; index < data.length && !sink.done; index++) {
    const cells = data[index];
    if (cells) sink.pushCells(index + 1, fieldsOf(cells));
    data[index] = undefined;
    if (index % STRETCH_ROWS === 0) {
      options.signal?.throwIfAborted();
      options.onProgress?.(index / data.length);
      await options.pause?.();
    }
  }
  options.onProgress?.(1);
  return { facts, error: null };
}

/** The index of the header row: the one the user named, or found among the first rows with content. */
function findHeader(data: (CellObject[] | undefined)[], fieldsOf: (cells: CellObject[]) => string[], options: WorkbookReadOptions): number | null {
  if (options.headerRow !== undefined) return data[options.headerRow - 1] ? options.headerRow - 1 : null;
  const candidates: { index: number; fields: string[] }[] = [];
  for (let index = 0; index < data.length && candidates.length <= MAX_TITLE_LINES; index++) {
    const cells = data[index];
    if (!cells) continue;
    const fields = fieldsOf(cells);
    if (fields.some((field) => field.trim() !== "")) candidates.push({ index, fields });
  }
  if (candidates.length === 0) return null;
  return candidates[findHeaderRow(candidates.map((candidate) => candidate.fields), options.columns)].index;
}
