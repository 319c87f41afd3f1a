import { EVENT_FIELDS } from "@/lib/events/rules";

/**
 * Seeded random inputs for lib/csv/fuzz.test.ts: a tiny PRNG, the case loop that names a failing seed,
 * and generators of text, event files and their bytes in every encoding the reader knows.
 * `FUZZ_SEED=<seed> npx vitest run lib/csv/fuzz.test.ts` replays a seed as the first case of each test.
 */
const BASE_SEED = Number(process.env.FUZZ_SEED ?? 20261122) >>> 0;
/** `FUZZ_SCALE=20` runs twenty times as many cases, for a longer hunt than CI's. */
export const SCALE = Number(process.env.FUZZ_SCALE ?? 1);

export type Random = ReturnType<typeof createRandom>;

export function createRandom(seed: number) {
  let state = seed >>> 0;
  // mulberry32
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)],
  };
}

export async function forEachCase(cases: number, check: (random: Random) => Promise<void> | void): Promise<void> {
  for (let i = 0; i < Math.ceil(cases * SCALE); i++) {
    const seed = (BASE_SEED + i) >>> 0;
    try {
      await check(createRandom(seed));
    } catch (error) {
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new Error(`Fuzz case failed with seed ${seed} (replay: FUZZ_SEED=${seed}).\n${detail}`, { cause: error });
    }
  }
}

const CHARS = [..."aZ09@.-:TZ+ ,;\t|\"\r\n", "é", "€", "中", "😀", "\u00a0", "\ufeff", "\u0001", "\u0085", "\u2028"];
/** Names that trip code using plain objects as maps. */
export const TRICKY_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", " note ", "", "row_number"];
export const ALIASES = {
  email: ["email", "E-Mail", "Email Address", "mail"],
  event_name: ["event_name", "Event", "EVENT NAME", "eventTypeKey"],
  time: ["time", "Timestamp", "occurred_at", "Date", "created-at"],
};
const TIME_SEEDS = [
  "2020-01-31", "2021-03-28 02:30", "2015-01-14T15:15:00Z", "2024-02-29T23:59:59.999999999+05:45",
  "2019-10-27t01:30:00,5-0330", "1451606400", "1451606400000", "1970-01-01T00:00:00Z", "2026-11-22T12:04:59Z",
];
const TIME_CHARS = [..."0123456789-:T Z+.,tz", "٣", "\u00a0"];
export const TIME_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Apia", "America/St_Johns"];

export function randomText(random: Random, maxLength: number, chars = CHARS): string {
  let text = "";
  const length = random.int(maxLength + 1);
  for (let i = 0; i < length; i++) {
    text += random.chance(0.05) ? String.fromCharCode(random.int(0x10000)) : random.pick(chars);
  }
  return text;
}

/** A time-like string: a valid spelling with a few characters changed, or noise. */
export function randomTime(random: Random): string {
  if (random.chance(0.1)) return randomText(random, 30);
  let value = random.pick(TIME_SEEDS);
  const edits = random.int(4);
  for (let i = 0; i < edits; i++) {
    const at = random.int(value.length + 1);
    const char = random.pick(TIME_CHARS);
    const edit = random.int(4);
    if (edit === 0) value = value.slice(0, at) + char + value.slice(at + 1);
    else if (edit === 1) value = value.slice(0, at) + char + value.slice(at);
    else if (edit === 2) value = value.slice(0, at) + value.slice(at + 1);
    else value = value.slice(0, at);
  }
  return random.chance(0.1) ? ` ${value}\t` : value;
}

export function randomEmail(random: Random): string {
  const options = ["ann@example.com", "ANN@Example.com", " bob@example.org ", "", "no-at", "a@b@c.com", "a@b", "zoë@example.com"];
  return random.chance(0.15) ? randomText(random, 20) : random.pick(options);
}

export function randomEventName(random: Random): string {
  const options = ["purchase", "visit", " sign up ", "", "x".repeat(256), "tab\there"];
  return random.chance(0.15) ? randomText(random, 20) : random.pick(options);
}

function quoteField(value: string, delimiter: string, random: Random): string {
  const needs = value.includes(delimiter) || /["\r\n]/.test(value);
  return needs || random.chance(0.1) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A header with the three fields under some alias, a few parameters, then rows with mistakes. */
export function randomEventsCsv(random: Random): string {
  const delimiter = random.pick([",", ";", "\t", "|"]);
  const lineEnd = random.pick(["\n", "\r\n", "\r", "mixed"]);
  const newline = () => (lineEnd === "mixed" ? random.pick(["\n", "\r\n", "\r"]) : lineEnd);
  const columns: { field: string; name: string }[] = EVENT_FIELDS.map((field) => ({ field, name: random.pick(ALIASES[field]) }));
  const params = random.int(4);
  for (let i = 0; i < params; i++) columns.push({ field: "param", name: random.pick(TRICKY_NAMES.concat(randomText(random, 6))) });
  for (let i = columns.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [columns[i], columns[j]] = [columns[j], columns[i]];
  }
  const lines = [columns.map((c) => quoteField(c.name, delimiter, random)).join(delimiter)];
  const rows = random.int(30);
  for (let r = 0; r < rows; r++) {
    if (random.chance(0.1) && lines.length > 1) lines.push(random.pick(lines.slice(1)));
    else if (random.chance(0.05)) lines.push(random.pick(["", "  ", delimiter.repeat(columns.length - 1)]));
    else {
      const cells = columns.map(({ field }) => {
        if (field === "email") return randomEmail(random);
        if (field === "event_name") return randomEventName(random);
        if (field === "time") return randomTime(random);
        return randomText(random, 12);
      });
      if (random.chance(0.1)) cells.splice(random.int(cells.length), 1);
      if (random.chance(0.1)) cells.push(randomText(random, 5));
      let line = cells.map((cell) => quoteField(cell, delimiter, random)).join(delimiter);
      if (random.chance(0.05)) line = `${line.slice(0, random.int(line.length + 1))}"${line}`;
      lines.push(line);
    }
  }
  return lines.map((line) => line + newline()).join("").slice(0, random.chance(0.3) ? -1 : undefined);
}

const WINDOWS_1252 = new Map<string, number>();
const windowsDecoder = new TextDecoder("windows-1252");
for (let byte = 0; byte < 256; byte++) WINDOWS_1252.set(windowsDecoder.decode(Uint8Array.of(byte)), byte);

export const ENCODINGS = ["utf-8", "utf-8-bom", "utf-16le", "utf-16be", "windows-1252", "bad-utf-8"] as const;
type TestEncoding = (typeof ENCODINGS)[number];
const INVALID_UTF8 = [[0xc3, 0x28], [0xff], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98]];

export function encode(text: string, encoding: TestEncoding, random: Random): Uint8Array {
  if (encoding === "utf-16le" || encoding === "utf-16be") {
    const bytes = new Uint8Array(2 + text.length * 2);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, 0xfeff, encoding === "utf-16le");
    for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), encoding === "utf-16le");
    return bytes;
  }
  if (encoding === "windows-1252") return Uint8Array.from(text, (char) => WINDOWS_1252.get(char) ?? 0x3f);
  const utf8 = [...new TextEncoder().encode(text)];
  if (encoding === "utf-8-bom") utf8.unshift(0xef, 0xbb, 0xbf);
  if (encoding === "bad-utf-8") {
    const bad = 1 + random.int(3);
    for (let i = 0; i < bad; i++) utf8.splice(random.int(utf8.length + 1), 0, ...random.pick(INVALID_UTF8));
  }
  return Uint8Array.from(utf8);
}

export function randomBytes(random: Random, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => random.int(256));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}
