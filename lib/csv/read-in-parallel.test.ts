import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { DateOrderRequest } from "@/lib/events/date-order";
import { FileProblem, fileErrors } from "./file-errors";
import type { RowOutcome } from "@/lib/events/validator";
import { ENCODINGS, concat, createRandom, encode, forEachCase, randomEventsCsv } from "./fuzz-inputs";
import { readEventsFile, type ReadOptions } from "./read-events-file";
import { findRecordCut } from "./file-cut";
import { readEventsFileInParallel, type ParallelReadOptions } from "./read-in-parallel";
import { readRange, type RangeTask } from "./read-range";
import { bytesSource } from "./source";

/**
 * The two-core reader gives what the one-core reader gives: every row with its number, outcome,
 * messages and fields, the counts, the file's facts, the date order and the JSON columns, wherever
 * the file is cut.
 */
const NOW = Date.parse("2026-11-22T12:00:00Z");
const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const spectrum = fileURLToPath(new URL("../../../shared/corpora/csv-spectrum/csvs/", import.meta.url));

type Options = Partial<ReadOptions> & Partial<ParallelReadOptions>;

async function oneCore(bytes: Uint8Array, options: Options) {
  const rows: { outcome: RowOutcome; fields: string[] }[] = [];
  const result = await readEventsFile(bytesSource(bytes), {
    timeZone: "UTC", nowMs: NOW, ...options,
    onRow: (outcome, fields) => rows.push({ outcome, fields: [...fields] }),
    onRestart: () => rows.splice(0),
  });
  return { result, rows };
}

/** The second range goes through a structured clone both ways, as to a worker and back. */
async function twoCores(bytes: Uint8Array, options: Options, cutTarget: number) {
  const rows: { outcome: RowOutcome; fields: string[] | null }[] = [];
  const reasons: string[] = [];
  let ranges = 0;
  const result = await readEventsFileInParallel(
    bytesSource(bytes),
    {
      timeZone: "UTC", nowMs: NOW, ...options, rows: "all", withFields: true, minSplitBytes: 0, prefixBytes: options.prefixBytes ?? 64, cutTarget,
      onRow: (outcome, fields) => rows.push({ outcome, fields }),
      onRestart: () => rows.splice(0),
      onOneCore: (reason) => reasons.push(reason),
    },
    async (task: RangeTask) => {
      ranges++;
      return structuredClone(await readRange(bytesSource(bytes), structuredClone(task)));
    },
  );
  return { result, rows, reasons, ranges };
}

/** Compares the two readers at every cut target from `step` to the end; returns how many reads really took two cores. */
async function compareEverywhere(bytes: Uint8Array, options: Options = {}, step = 1): Promise<number> {
  const expected = await oneCore(bytes, options);
  let split = 0;
  for (let target = 0; target < bytes.length; target += step) {
    const actual = await twoCores(bytes, options, target);
    expect({ result: actual.result, rows: actual.rows }, `cut target ${target}`).toEqual(expected);
    if (actual.reasons.length === 0) split++;
  }
  return split;
}

const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join("\n")}\n`);

describe("readEventsFileInParallel", () => {
  it.each(readdirSync(fixtures).filter((name) => name.endsWith(".csv")))("reads the fixture %s as one core does", async (name) => {
    const bytes = new Uint8Array(readFileSync(`${fixtures}${name}`));
    await compareEverywhere(bytes, {}, Math.max(1, Math.floor(bytes.length / 200)));
    await compareEverywhere(bytes, { requireColumns: false }, Math.max(1, Math.floor(bytes.length / 50)));
  });

  const spectrumCases = existsSync(spectrum) ? readdirSync(spectrum).filter((name) => name.endsWith(".csv")) : [];
  it.skipIf(spectrumCases.length === 0).each(spectrumCases)("reads csv-spectrum's %s as one core does", async (name) => {
    const bytes = new Uint8Array(readFileSync(`${spectrum}${name}`));
    await compareEverywhere(bytes, { requireColumns: false });
  });

  it("reads the fuzzer's files, in every encoding, as one core does", { timeout: 120_000 }, async () => {
    let split = 0;
    await forEachCase(60, async (random) => {
      const bytes = encode(randomEventsCsv(random), random.pick(ENCODINGS), random);
      split += await compareEverywhere(bytes, { timeZone: "UTC", requireColumns: random.chance(0.5) }, Math.max(1, Math.floor(bytes.length / 40)));
    });
    expect(split).toBeGreaterThan(100);
  });

  it("cuts only between records, also where quoted fields hold line breaks near the cut", { timeout: 120_000 }, async () => {
    const lines = ["email,event_name,time,note"];
    for (let i = 0; i < 60; i++) {
      const note = i % 3 === 0 ? `"line one\nline two, ""quoted""\n"` : i % 3 === 1 ? `"a\r\nb"` : "plain";
      lines.push(`user${i}@example.com,purchase,2024-01-${String((i % 28) + 1).padStart(2, "0")} 10:00,${note}`);
    }
    const bytes = csv(lines);
    const split = await compareEverywhere(bytes, {}, 5);
    expect(split).toBeGreaterThan(bytes.length / 10);
    const text = new TextDecoder().decode(bytes);
    for (let target = 0; target < bytes.length; target += 7) {
      const cut = await findRecordCut(bytesSource(bytes), target, 0x0a);
      if (cut === null) continue;
      // Never inside a quoted field: the quotes before the cut are paired.
      expect(text.slice(0, cut).split('"').length % 2).toBe(1);
      expect(text[cut - 1]).toBe("\n");
    }
  });

  it("keeps the first occurrence of a duplicate across the ranges, and its row number", async () => {
    const lines = ["email,event_name,time,amount"];
    for (let i = 0; i < 80; i++) lines.push(`User${i % 7}@example.com,purchase,2024-02-0${(i % 3) + 1} 10:00,${i % 2}`);
    lines.push("", "bad-email,purchase,2024-02-01 10:00,1", "user1@example.com,purchase,2024-02-02 10:00,1");
    const bytes = csv(lines);
    const split = await compareEverywhere(bytes, {}, 3);
    expect(split).toBeGreaterThan(bytes.length / 6);
    const { result } = await twoCores(bytes, {}, Math.floor(bytes.length / 2));
    expect(result.counts.duplicates).toBeGreaterThan(30);
    const none = await twoCores(bytes, { findDuplicates: false }, Math.floor(bytes.length / 2));
    expect(none.result.counts.duplicates).toBe(0);
    expect(none).toMatchObject({ result: (await oneCore(bytes, { findDuplicates: false })).result, reasons: [] });
  });

  it.each<[string, DateOrderRequest]>([["auto", "auto"], ["MDY", "MDY"], ["DMY", "DMY"]])(
    "decides the date order as one core does when the first proof is in the second range (%s)",
    { timeout: 60_000 },
    async (_name, dateOrder) => {
      const lines = ["email,event_name,time"];
      // Dates that read two ways, then the proof (13/…: day first), then a contradiction (…/13/…).
      for (let i = 0; i < 50; i++) lines.push(`user${i}@example.com,signup,${(i % 12) + 1}/${(i % 11) + 1}/2023`);
      lines.push("late@example.com,signup,13/01/2023", "odd@example.com,signup,01/13/2023");
      for (let i = 0; i < 20; i++) lines.push(`more${i}@example.com,signup,0${(i % 9) + 1}/02/2024 10:00`);
      const bytes = csv(lines);
      const split = await compareEverywhere(bytes, { dateOrder }, 5);
      expect(split).toBeGreaterThan(bytes.length / 20);
      const { result, rows } = await oneCore(bytes, { dateOrder });
      if (dateOrder === "auto") {
        expect(result.dateOrder.order).toBe("DMY");
        expect(rows.find((row) => row.outcome.row === 53)?.outcome.errors).not.toHaveLength(0);
      }
    },
  );

  it("reads a start that proves the order beyond the prefix, and a file of ambiguous dates alone, as one core does", async () => {
    const lines = ["email,event_name,time"];
    for (let i = 0; i < 40; i++) lines.push(`a${i}@example.com,signup,${(i % 12) + 1}/${(i % 7) + 1}/2023`);
    lines.push("us@example.com,signup,12/25/2023");
    for (let i = 0; i < 40; i++) lines.push(`b${i}@example.com,signup,2023-05-0${(i % 9) + 1}`);
    const bytes = csv(lines);
    const cut = Math.floor(bytes.length * 0.8);
    const expected = await oneCore(bytes, {});
    // The proof lies past the 64-byte prefix but before the cut: the second range is read again with it, or waits.
    const actual = await twoCores(bytes, {}, cut);
    expect({ result: actual.result, rows: actual.rows }).toEqual(expected);
    const ambiguous = csv(["email,event_name,time", ...Array.from({ length: 60 }, (_, i) => `c${i}@example.com,signup,0${(i % 9) + 1}/02/2023`)]);
    await compareEverywhere(ambiguous, {}, 9);
  });

  it("reads Windows-1252 and a byte-order mark as one core does", { timeout: 60_000 }, async () => {
    const text = ["E-Mail;Event Name;Date;Stadt", ...Array.from({ length: 40 }, (_, i) => `j\u00f6rg${i}@beispiel.de;Kauf;2024-03-0${(i % 9) + 1} 12:00;M\u00fcnchen \u20ac${i}`)].join("\r\n");
    const windows = encode(text, "windows-1252", createRandom(1));
    expect(await compareEverywhere(windows, {}, 11)).toBeGreaterThan(windows.length / 22);
    const bom = concat(Uint8Array.of(0xef, 0xbb, 0xbf), new TextEncoder().encode(`${text}\r\n`));
    expect(await compareEverywhere(bom, {}, 11)).toBeGreaterThan(bom.length / 22);
    // A byte that is not UTF-8 in the second range only: the whole file is Windows-1252, as one core finds.
    const late = concat(new TextEncoder().encode(`${text.slice(0, text.length - 30)}`), Uint8Array.of(0xe9), new TextEncoder().encode("\r\n"));
    expect(await compareEverywhere(late, {}, 13)).toBeGreaterThan(late.length / 26);
    expect((await oneCore(late, {})).result.file?.encoding).toBe("windows-1252");
  });

  it("reads a file too small to split on one core, without a second worker", async () => {
    const bytes = csv(["email,event_name,time", "ann@example.com,signup,2024-01-01"]);
    const reasons: string[] = [];
    let ranges = 0;
    const result = await readEventsFileInParallel(
      bytesSource(bytes),
      { timeZone: "UTC", nowMs: NOW, rows: "none", onOneCore: (reason) => reasons.push(reason) },
      async (task) => {
        ranges++;
        return readRange(bytesSource(bytes), task);
      },
    );
    expect(result.counts).toEqual({ total: 1, valid: 1, invalid: 0, duplicates: 0 });
    expect({ reasons, ranges }).toEqual({ reasons: ["small file"], ranges: 0 });
  });

  it("hands over only the rejected rows when asked, with the same counts", async () => {
    const lines = ["email,event_name,time"];
    for (let i = 0; i < 50; i++) lines.push(i % 5 === 0 ? `broken${i},signup,not a time` : `ok${i % 9}@example.com,signup,2024-01-01`);
    const bytes = csv(lines);
    const expected = await oneCore(bytes, {});
    const rejected: RowOutcome[] = [];
    const result = await readEventsFileInParallel(
      bytesSource(bytes),
      { timeZone: "UTC", nowMs: NOW, rows: "rejected", minSplitBytes: 0, onRow: (outcome) => rejected.push(outcome) },
      (task) => readRange(bytesSource(bytes), task),
    );
    expect(result).toEqual(expected.result);
    expect(rejected).toEqual(expected.rows.map((row) => row.outcome).filter((outcome) => outcome.errors.length > 0));
  });

  it("makes the second range's valid rows again from their fields, with trimmed, blank and JSON parameters as one core has them", async () => {
    const lines = ["email,event_name,time,plan,items,note"];
    for (let i = 0; i < 60; i++) {
      const plan = i % 3 === 0 ? " pro " : i % 3 === 1 ? "" : "basic";
      const items = i % 4 === 0 ? `"[ 1, 2 ]"` : i % 4 === 1 ? `"{ ""a"": 1 }"` : "";
      lines.push(`user${i}@example.com,signup,2024-01-0${(i % 9) + 1} 10:00,${plan},${items},${i % 5 === 0 ? "\t" : "note"}`);
    }
    const bytes = csv(lines);
    expect(await compareEverywhere(bytes, {}, 17)).toBeGreaterThan(bytes.length / 40);
    expect(await compareEverywhere(bytes, { jsonParams: ["items"] }, 17)).toBeGreaterThan(bytes.length / 40);
    const { rows } = await twoCores(bytes, { jsonParams: ["items"] }, Math.floor(bytes.length / 3));
    // Row 50, in the second range: " pro " trimmed, "[ 1, 2 ]" made canonical.
    expect(rows.find((row) => row.outcome.row === 50)?.outcome.event?.params).toEqual({ plan: "pro", items: "[1,2]", note: "note" });
  });

  it("stops where the caller's onRow raises a file-level problem, as one core does, in either range", async () => {
    const lines = ["email,event_name,time"];
    for (let i = 0; i < 80; i++) lines.push(`user${i}@example.com,signup,2024-01-01 10:00`);
    const bytes = csv(lines);
    for (const limit of [10, 70]) {
      let rows = 0;
      const onRow = () => {
        if (++rows > limit) throw new FileProblem(fileErrors.tooManyRows(limit));
      };
      const expected = await readEventsFile(bytesSource(bytes), { timeZone: "UTC", nowMs: NOW, onRow });
      expect(expected.error?.code).toBe("TOO_LARGE");
      rows = 0;
      const reasons: string[] = [];
      const actual = await readEventsFileInParallel(
        bytesSource(bytes),
        { timeZone: "UTC", nowMs: NOW, rows: "all", minSplitBytes: 0, prefixBytes: 64, onRow, onOneCore: (reason) => reasons.push(reason) },
        (task) => readRange(bytesSource(bytes), structuredClone(task)),
      );
      expect({ actual, reasons, rows }).toEqual({ actual: expected, reasons: [], rows: limit + 1 });
    }
    // Stopped in the first range, the read does not wait for the second, which is told it is not wanted.
    let rows = 0;
    const stopped = await readEventsFileInParallel(
      bytesSource(bytes),
      {
        timeZone: "UTC", nowMs: NOW, rows: "all", minSplitBytes: 0, prefixBytes: 64, onRow: () => {
          if (++rows > 10) throw new FileProblem(fileErrors.tooManyRows(10));
        },
      },
      (_task, _onProgress, signal) => new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(signal.reason))),
    );
    expect(stopped.error?.code).toBe("TOO_LARGE");
  });

  it("reports the bytes and the rows of both ranges while they are read", async () => {
    const lines = ["email,event_name,time"];
    for (let i = 0; i < 400; i++) lines.push(`user${i}@example.com,signup,2024-01-01 10:00`);
    const bytes = csv(lines);
    const seen: { bytesRead: number; rows: number }[] = [];
    const result = await readEventsFileInParallel(
      bytesSource(bytes),
      { timeZone: "UTC", nowMs: NOW, rows: "none", minSplitBytes: 0, prefixBytes: 64, chunkBytes: 1024, onProgress: ({ bytesRead, rows }) => seen.push({ bytesRead, rows }) },
      (task, onProgress) => readRange(bytesSource(bytes), task, undefined, onProgress),
    );
    expect(result.counts.total).toBe(400);
    expect(seen.at(-1)).toEqual({ bytesRead: bytes.length, rows: 400 });
    expect(seen.length).toBeGreaterThan(10);
    for (let i = 1; i < seen.length; i++) expect(seen[i].rows).toBeGreaterThanOrEqual(seen[i - 1].rows);
  });

  it("throws a failure of the second range's worker only once the first range has stopped handing rows over", async () => {
    const lines = ["email,event_name,time"];
    for (let i = 0; i < 400; i++) lines.push(`user${i}@example.com,signup,2024-01-01 10:00`);
    const bytes = csv(lines);
    let failedAt = -1;
    let rows = 0;
    const reading = readEventsFileInParallel(
      bytesSource(bytes),
      { timeZone: "UTC", nowMs: NOW, rows: "all", minSplitBytes: 0, prefixBytes: 64, chunkBytes: 256, onRow: () => rows++ },
      async () => {
        failedAt = rows;
        throw new Error("The worker failed.");
      },
    );
    await expect(reading).rejects.toThrow("The worker failed.");
    expect(failedAt).toBeLessThan(rows);
    const after = rows;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rows).toBe(after);
  });

  it("finds the cut near its target where no quote comes near, and reads a quoted field that hides it as one core does", { timeout: 60_000 }, async () => {
    const quoted = ["email,event_name,time,note", `first@example.com,signup,2024-01-01,"a ""quoted"" note"`];
    for (let i = 0; i < 8000; i++) quoted.push(`user${i}@example.com,signup,2024-01-0${(i % 9) + 1} 10:00,plain`);
    const bytes = csv(quoted);
    for (const target of [bytes.length / 2, bytes.length - 100]) {
      const near = await findRecordCut(bytesSource(bytes), Math.floor(target), 0x0a);
      // As counting the quotes from the start finds it: the byte after the first line break past the target.
      expect(near).toBe(bytes.indexOf(0x0a, Math.floor(target)) + 1);
    }
    // A quoted field of line breaks longer than the window around the target: the cut falls inside it.
    const long = ["email,event_name,time,note", `user@example.com,signup,2024-01-01 10:00,"${"line\n".repeat(40_000)}"`];
    for (let i = 0; i < 100; i++) long.push(`user${i}@example.com,signup,2024-01-01 10:00,plain`);
    const hidden = csv(long);
    const target = Math.floor(hidden.length / 2);
    const cut = await findRecordCut(bytesSource(hidden), target, 0x0a);
    expect(cut).toBe(hidden.indexOf(0x0a, target) + 1);
    const { result, rows, reasons } = await twoCores(hidden, {}, target);
    expect({ result, rows }).toEqual(await oneCore(hidden, {}));
    expect(reasons).toEqual(["papaparse reads the quotes otherwise"]);
  });
});
