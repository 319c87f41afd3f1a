/**
 * The words of dates written out (`15. Januar 2024 um 10:32`, `15 січня 2024 р. о 10:32`), in the
 * languages whose spreadsheets, shops and CRMs our users export from. The tables come from the
 * runtime's own CLDR data through Intl, so that every name Excel, Sheets or ICU writes (full, short,
 * genitive, standalone) is here in the browser worker, the server and the CLI alike, and none is
 * spelled by hand.
 */
export const DATE_LOCALES = ["en", "de", "fr", "es", "it", "pt", "nl", "pl", "uk", "ru"] as const;

/** Names are matched without case and accents: `MARZ`, `Marz` and `März` are one month. */
export function foldText(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/gu, " ");
}

/** A prefix this long or longer of a month's full name names it (`janv`, `Sept`, `сент`), when no other month starts so. */
const MIN_PREFIX = 3;

type DateWords = {
  months: Map<string, number>;
  weekdays: Set<string>;
  /** Words after the year (`р.`, `г.`), folded. */
  yearSuffixes: string[];
  /** Words between a date and its time (`um`, `à`, `a las`, `о`, `в`), folded. */
  connectors: string[];
};

let words: DateWords | null = null;

/** The month (1 to 12) a word names in any of the languages, or 0. `word` is folded and without its dot. */
export function monthOfWord(word: string): number {
  return dateWords().months.get(word) ?? 0;
}

export function isWeekdayWord(word: string): boolean {
  return dateWords().weekdays.has(word);
}

/**
 * What follows a date written out, with the year's suffix and a connector before the time taken
 * away: ` р. о 10:32` becomes ` 10:32`. `rest` is folded.
 */
export function withoutDateWords(rest: string): string {
  const { yearSuffixes, connectors } = dateWords();
  let text = rest;
  for (const suffix of yearSuffixes) {
    if (text.startsWith(` ${suffix}`) && !/\p{L}/u.test(text.charAt(suffix.length + 1))) {
      text = text.slice(suffix.length + 1);
      break;
    }
  }
  for (const connector of connectors) {
    const at = text.startsWith(` ${connector} `) ? 1 : text.startsWith(`, ${connector} `) ? 2 : -1;
    if (at !== -1) return ` ${text.slice(at + connector.length + 1)}`;
  }
  return text;
}

function dateWords(): DateWords {
  words ??= buildDateWords();
  return words;
}

function buildDateWords(): DateWords {
  const months = new Map<string, number>();
  const ambiguous = new Set<string>();
  const add = (raw: string, month: number) => {
    const word = foldText(raw).replace(/\.$/, "").trim();
    if (word === "" || ambiguous.has(word)) return;
    const known = months.get(word);
    if (known !== undefined && known !== month) {
      months.delete(word);
      ambiguous.add(word);
    } else {
      months.set(word, month);
    }
  };
  const weekdays = new Set<string>();
  const yearSuffixes = new Set<string>();
  const connectors = new Set<string>();
  for (const locale of DATE_LOCALES) {
    for (const style of ["long", "short"] as const) {
      // With a day, Slavic languages write the genitive (`січня`); alone, the standalone form (`січень`).
      const inDate = new Intl.DateTimeFormat(locale, { timeZone: "UTC", day: "numeric", month: style });
      const alone = new Intl.DateTimeFormat(locale, { timeZone: "UTC", month: style });
      for (let month = 1; month <= 12; month++) {
        const date = new Date(Date.UTC(2024, month - 1, 15));
        for (const name of [partOf(inDate, date, "month"), partOf(alone, date, "month")]) {
          add(name, month);
          if (style === "long") {
            const folded = foldText(name);
            for (let length = MIN_PREFIX; length < folded.length; length++) add(folded.slice(0, length), month);
          }
        }
      }
    }
    for (const style of ["long", "short"] as const) {
      const format = new Intl.DateTimeFormat(locale, { timeZone: "UTC", weekday: style });
      for (let day = 1; day <= 7; day++) {
        weekdays.add(foldText(partOf(format, new Date(Date.UTC(2024, 0, day)), "weekday")).replace(/\.$/, ""));
      }
    }
    for (const dateStyle of ["full", "long", "medium"] as const) {
      const date = new Date(Date.UTC(2024, 0, 15, 10, 32));
      const suffix = foldText(literalAfter(new Intl.DateTimeFormat(locale, { timeZone: "UTC", dateStyle }), date, "year", null)).trim();
      if (/\p{L}/u.test(suffix)) yearSuffixes.add(suffix);
      let between = foldText(literalAfter(new Intl.DateTimeFormat(locale, { timeZone: "UTC", dateStyle, timeStyle: "short" }), date, "year", "hour")).trim();
      if (suffix !== "" && between.startsWith(suffix)) between = between.slice(suffix.length).trim();
      between = between.replace(/^,/, "").trim();
      if (/\p{L}/u.test(between)) connectors.add(between);
    }
  }
  // Longest first, so that `a las` is taken before `a`.
  const longestFirst = (set: Set<string>) => [...set].sort((a, b) => b.length - a.length);
  return { months, weekdays, yearSuffixes: longestFirst(yearSuffixes), connectors: longestFirst(connectors) };
}

function partOf(format: Intl.DateTimeFormat, date: Date, type: Intl.DateTimeFormatPartTypes): string {
  return format.formatToParts(date).find((part) => part.type === type)?.value ?? "";
}

/** The literal text after the part `from`, up to the part `to` (or the end when `to` is null). */
function literalAfter(format: Intl.DateTimeFormat, date: Date, from: Intl.DateTimeFormatPartTypes, to: Intl.DateTimeFormatPartTypes | null): string {
  const parts = format.formatToParts(date);
  const start = parts.findIndex((part) => part.type === from);
  if (start === -1) return "";
  let text = "";
  for (const part of parts.slice(start + 1)) {
    if (part.type !== "literal") {
      if (to === null) return "";
      if (part.type === to) return text;
    }
    text += part.value;
  }
  return to === null ? text : "";
}
