/**
 * The order of day, month and year in numeric dates. Year-first dates (`2024-01-15`, `2024/1/5`) read
 * one way only; dates with the year last (`1/15/2015`, `15.01.2015`) are month first in the US and day
 * first almost everywhere else, and a column is read one way throughout: a value that can be read
 * only one way proves the order, and where nothing proves it, the user is asked, never guessed for.
 */
export const DATE_ORDERS = ["YMD", "MDY", "DMY"] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];
/** What a user or a command line asks for: a fixed order, or the one the column proves. */
export type DateOrderRequest = DateOrder | "auto";

export const DATE_ORDER_LABELS: Record<DateOrder, string> = {
  YMD: "year/month/day",
  MDY: "month/day/year",
  DMY: "day/month/year",
};

/**
 * `1/15/2015`, `15.01.2015`, `01-15-2015`, `1/15/24` (Excel's m/d/yy): one or two digits, the same
 * separator twice, a year of four digits or two.
 */
export const YEAR_LAST_DATE = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?=$|[ T,])/;

/** Excel's window for a year written with two digits: 00 to 29 are 2000 to 2029, 30 to 99 are 1930 to 1999. */
export const TWO_DIGIT_YEAR_PIVOT = 30;

/** The year a date writes with two or four digits. */
export function fullYear(written: number, digits: number): number {
  if (digits !== 2) return written;
  return written < TWO_DIGIT_YEAR_PIVOT ? 2000 + written : 1900 + written;
}

/** What one value says about its column's order. */
export type DateEvidence =
  | "none" // not a numeric date with the year last: says nothing
  | "same" // reads the same either way (`05/05/2020`)
  | "either" // reads two ways (`01/02/2020`)
  | "MDY"
  | "DMY";

export function dateEvidence(raw: string): DateEvidence {
  // Year-first and named-month times, the common case, are settled by their first characters.
  const first = raw.charCodeAt(0);
  if (first < 48 || first > 57 || (raw.charCodeAt(4) === 45 && raw.charCodeAt(7) === 45)) {
    if (first !== 32 && first !== 9) return "none";
  }
  const match = YEAR_LAST_DATE.exec(raw.trim());
  if (!match) return "none";
  const a = Number(match[1]);
  const b = Number(match[3]);
  // Dots are how day-first countries (Germany, Russia, …) write dates; no month-first country does.
  if (match[2] === ".") return "DMY";
  if (a > 12 && b <= 12) return "DMY";
  if (b > 12 && a <= 12) return "MDY";
  if (a <= 12 && b <= 12) return a === b ? "same" : "either";
  return "none";
}

export type DateOrderProof = { order: "MDY" | "DMY"; row: number; value: string };

/** What a whole time column says about its order. */
export type DateOrderFinding = {
  /** Values with the year last. */
  yearLast: number;
  /** Of those, the ones that read two ways. */
  ambiguous: number;
  /** The first value that can be read only one way, when there is one. */
  proof: DateOrderProof | null;
  /** The first few values that read two ways, to show the user how each order reads them. */
  examples: string[];
};

const EXAMPLES = 3;

/** Reads a time column value by value (as a file streams by) and says what it proves. */
export class DateOrderDetector {
  private finding: DateOrderFinding = { yearLast: 0, ambiguous: 0, proof: null, examples: [] };

  observe(row: number, value: string): DateEvidence {
    const evidence = dateEvidence(value);
    if (evidence === "none") return evidence;
    const finding = this.finding;
    finding.yearLast++;
    if (evidence === "either") {
      finding.ambiguous++;
      if (finding.examples.length < EXAMPLES) finding.examples.push(value.trim());
    } else if (evidence !== "same" && !finding.proof) {
      finding.proof = { order: evidence, row, value: value.trim() };
    }
    return evidence;
  }

  get proven(): boolean {
    return this.finding.proof !== null;
  }

  result(): DateOrderFinding {
    return { ...this.finding, examples: [...this.finding.examples] };
  }
}

/** The finding for a column already in memory. */
export function findDateOrder(values: readonly string[], firstRow = 2): DateOrderFinding {
  const detector = new DateOrderDetector();
  for (let i = 0; i < values.length; i++) detector.observe(firstRow + i, values[i]);
  return detector.result();
}

/** Whether the column leaves the order open: it has dates that read two ways and nothing that decides. */
export function needsDateOrder(finding: DateOrderFinding): boolean {
  return finding.proof === null && finding.ambiguous > 0;
}

/**
 * The order to read a column with: the one asked for, else the one the column proves; null when the
 * column proves none (its dates that read two ways are then errors that ask for a choice).
 */
export function resolveDateOrder(request: DateOrderRequest, finding: DateOrderFinding): DateOrder | null {
  if (request !== "auto") return request;
  return finding.proof?.order ?? null;
}
