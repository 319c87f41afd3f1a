import { mapHeaders, type HeaderMatch } from "@/lib/events/headers";
import { DELIMITERS, detectNewline, parseRecords, type Delimiter } from "./record-parser";

export type HeaderChoice = { delimiter: Delimiter; headers: string[]; match: HeaderMatch };

/** The text of the first record with content, or null while it is not complete yet. */
export function firstRecordText(text: string, complete: boolean): string | null {
  const start = text.search(/[^\s]/);
  if (start === -1) return complete ? "" : null;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) {
      // A CR at the very end may be the first half of a CRLF: wait for the next chunk to know.
      if (char === "\r" && i === text.length - 1 && !complete) return null;
      return text.slice(start, i);
    }
  }
  return complete ? text.slice(start) : null;
}

/**
 * The delimiter is the one that splits the header into the required columns; when none does, the one
 * that gives the most columns, so that the error names what the file's header holds.
 */
export function chooseDelimiter(headerText: string): HeaderChoice {
  let best: HeaderChoice | null = null;
  const newline = detectNewline(headerText);
  for (const delimiter of DELIMITERS) {
    const headers = parseRecords(headerText, delimiter, newline)[0] ?? [];
    const match = mapHeaders(headers);
    if (match.ok) return { delimiter, headers, match };
    if (!best || headers.length > best.headers.length) best = { delimiter, headers, match };
  }
  return best!;
}
