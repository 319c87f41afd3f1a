import { describe, expect, it } from "vitest";
import { monthOfWord } from "./month-names";
import { parseTime } from "./time";

const NOW = Date.parse("2026-11-22T12:00:00Z");
const read = (raw: string) => {
  const result = parseTime(raw, "UTC", NOW);
  return result.ok ? new Date(result.instantMs).toISOString() : result.message;
};

/** A date on every month, on days and hours that change the digits, and a weekday of each kind. */
const DATES = Array.from({ length: 36 }, (_, i) => new Date(Date.UTC(2015 + (i % 11), i % 12, 1 + ((i * 7) % 28), (i * 5) % 24, (i * 13) % 60)));

const STYLES: Intl.DateTimeFormatOptions[] = [
  { dateStyle: "full" },
  { dateStyle: "long" },
  { dateStyle: "medium" },
  { dateStyle: "full", timeStyle: "short" },
  { dateStyle: "long", timeStyle: "short" },
  { dateStyle: "medium", timeStyle: "short" },
  { dateStyle: "long", timeStyle: "medium" },
  { day: "numeric", month: "long", year: "numeric" },
  { day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit" },
  { weekday: "short", day: "numeric", month: "short", year: "numeric" },
];

/** What the format keeps of a date: its day, and its minute or second when the style shows them. */
function expected(date: Date, style: Intl.DateTimeFormatOptions): string {
  const shown = new Date(date);
  if (!style.timeStyle && !style.hour) shown.setUTCHours(0, 0, 0, 0);
  return shown.toISOString();
}

describe("dates written out in each language, as Intl writes them", () => {
  it.each(["en", "de", "fr", "es", "it", "pt", "nl", "pl", "uk", "ru"])("reads back what %s writes, in every style", (locale) => {
    const failures: string[] = [];
    for (const style of STYLES) {
      const format = new Intl.DateTimeFormat(locale, { ...style, timeZone: "UTC" });
      for (const date of DATES) {
        const written = format.format(date);
        const got = read(written);
        if (got !== expected(date, style)) failures.push(`${written} → ${got}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it.each([
    ["15. Januar 2024 10:32", "2024-01-15T10:32:00.000Z"],
    ["3. März 2024", "2024-03-03T00:00:00.000Z"],
    ["3. MÄRZ 2024", "2024-03-03T00:00:00.000Z"],
    ["3. Marz 2024", "2024-03-03T00:00:00.000Z"],
    ["15. Jan. 2024 um 10:32", "2024-01-15T10:32:00.000Z"],
    ["15 janv. 2024", "2024-01-15T00:00:00.000Z"],
    ["15 janv 2024 à 10:32", "2024-01-15T10:32:00.000Z"],
    ["1 fevrier 2024", "2024-02-01T00:00:00.000Z"],
    ["15 ene 2024", "2024-01-15T00:00:00.000Z"],
    ["15 de enero de 2024 a las 10:32", "2024-01-15T10:32:00.000Z"],
    ["15 gen 2024, 10:32", "2024-01-15T10:32:00.000Z"],
    ["15 de março de 2024 às 10:32", "2024-03-15T10:32:00.000Z"],
    ["15 maart 2024 om 10:32", "2024-03-15T10:32:00.000Z"],
    ["15 mrt 2024", "2024-03-15T00:00:00.000Z"],
    ["15 października 2024 10:32", "2024-10-15T10:32:00.000Z"],
    ["15 січня 2024 р.", "2024-01-15T00:00:00.000Z"],
    ["15 січня 2024 р. о 10:32", "2024-01-15T10:32:00.000Z"],
    ["15 Січень 2024", "2024-01-15T00:00:00.000Z"],
    ["15 января 2024 г.", "2024-01-15T00:00:00.000Z"],
    ["15 января 2024 г. в 10:32", "2024-01-15T10:32:00.000Z"],
    ["15 сент. 2024 г., 10:32", "2024-09-15T10:32:00.000Z"],
    ["15 мая 2024", "2024-05-15T00:00:00.000Z"],
  ])("reads %s", (raw, iso) => {
    expect(read(raw)).toContain(iso);
  });

  it("names each month once across the languages, and leaves out a word that two months share", () => {
    expect([monthOfWord("mar"), monthOfWord("mai"), monthOfWord("lis"), monthOfWord("лист"), monthOfWord("sept")]).toEqual([3, 5, 11, 11, 9]);
    expect([monthOfWord("ma"), monthOfWord("ju"), monthOfWord("de")]).toEqual([0, 0, 0]);
  });

  it("still refuses a word that is no month or weekday, and a day a month does not have", () => {
    expect(read("15 Montag 2024")).toContain("is not a time we can read");
    expect(read("Lunes, 15 Blah 2024")).toContain("is not a time we can read");
    expect(read("31 квітня 2024")).toBe("`31 квітня 2024` is not a date: April 2024 has 30 days.");
  });
});
