import Papa from "papaparse";
import { FileProblem, fileErrors } from "./file-errors";

export type Delimiter = "," | ";" | "\t" | "|";
export const DELIMITERS: readonly Delimiter[] = [",", ";", "\t", "|"];
export type Newline = "\n" | "\r\n" | "\r";

/**
 * Far longer than any row worth importing, far shorter than the longest string JavaScript can hold: past
 * it, a record (in practice a quote that never closes) stops the reading. Each chunk parses the
 * unfinished record again, so the bound also keeps that work linear.
 */
export const MAX_RECORD_CHARS = 16 << 20;

/** Receives each record with its spreadsheet row number (the first record of the file is row 1). */
export type RecordSink = (row: number, fields: string[]) => void;

type LowLevelParser = {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): Papa.ParseResult<string[]>;
};
type ParserConstructor = new (config: Papa.ParseConfig) => LowLevelParser;

/**
 * Parses decoded text pushed chunk by chunk, the way papaparse's own streamers do: each chunk is parsed
 * up to its last complete record, and the rest waits for the next chunk (so a quoted field or a line
 * break may fall across chunks).
 */
export class RecordParser {
  private readonly parser: LowLevelParser;
  private tail = "";
  private row = 0;

  constructor(
    delimiter: Delimiter,
    newline: Newline,
    private readonly sink: RecordSink,
  ) {
    const Parser = (Papa as unknown as { Parser: ParserConstructor }).Parser;
    this.parser = new Parser({ delimiter, newline, quoteChar: '"' });
  }

  /** How many records have been handed to the sink. */
  get records(): number {
    return this.row;
  }

  /** Whether the text pushed so far ends where a record ends (nothing waits for the next chunk). */
  get atRecordStart(): boolean {
    return this.tail === "";
  }

  push(text: string): void {
    this.run(this.tail + text, true);
  }

  finish(): void {
    if (this.tail !== "") this.run(this.tail, false);
    this.tail = "";
  }

  private run(input: string, moreToCome: boolean): void {
    const result = this.parser.parse(input, 0, moreToCome);
    const records = result.data;
    for (let i = 0; i < records.length; i++) this.sink(++this.row, records[i]);
    this.tail = moreToCome ? input.slice(result.meta.cursor) : "";
    if (this.tail.length > MAX_RECORD_CHARS) throw new FileProblem(fileErrors.recordTooLong(this.row + 1, MAX_RECORD_CHARS));
  }
}

/** The line ending of the first record, looking past line breaks inside quotes. */
export function detectNewline(text: string): Newline {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === "\n") return "\n";
    else if (!quoted && char === "\r") return text[i + 1] === "\n" ? "\r\n" : "\r";
  }
  return "\n";
}

/** Parses one piece of text completely, e.g. a header line or a small file. */
export function parseRecords(text: string, delimiter: Delimiter, newline = detectNewline(text)): string[][] {
  const records: string[][] = [];
  const parser = new RecordParser(delimiter, newline, (_row, fields) => records.push(fields));
  parser.push(text);
  parser.finish();
  return records;
}
