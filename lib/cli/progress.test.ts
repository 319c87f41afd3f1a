import { describe, expect, it } from "vitest";
import { checkingText, deliveringText, lookedThroughText, progressLine, readingText } from "./progress";

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => written.push(text) } };
}

describe("the progress line", () => {
  it("rewrites one line in place on a terminal, and ends it before a line that stays", () => {
    const { written, stream } = sink(true);
    const line = progressLine(stream);
    line.update("Reading and staging: 500 rows");
    line.update("Reading and staging: 1,000 rows");
    line.print("Read 1,000 rows (utf-8); delivering…");
    expect(written).toEqual([
      "\r\x1b[2KReading and staging: 500 rows",
      "\r\x1b[2KReading and staging: 1,000 rows",
      "\r\x1b[2K",
      "Read 1,000 rows (utf-8); delivering…\n",
    ]);
  });

  it("writes a line every few seconds into a log, the first at once", () => {
    const { written, stream } = sink(false);
    let now = 0;
    const line = progressLine(stream, { everyMs: 5_000, now: () => now });
    line.update("a");
    now = 4_000;
    line.update("b");
    now = 5_500;
    line.update("c");
    line.print("done");
    now = 6_000;
    line.update("next phase");
    expect(written).toEqual(["a\n", "c\n", "done\n", "next phase\n"]);
  });

  it("says the share of the file and speed while looking it through, rows too while reading; settled rows, speed and retries while delivering", () => {
    expect(lookedThroughText("DMY", ["cart"], 1.25)).toBe("Looked through the file in 1.3 s: dates read as day/month/year; JSON in cart.");
    expect(lookedThroughText(null, [], 0.5)).toBe("Looked through the file in 0.5 s: no date needs an order.");
    expect(checkingText(150e6, 200e6, 2)).toBe("Looking through the file for its date order and JSON columns: 75% of the file, 75.0 MB/s");
    expect(readingText(1_234_567, 50e6, 200e6, 10)).toBe("Reading and staging: 1,234,567 rows, 25% of the file, 5.0 MB/s");
    expect(deliveringText(40_000, 1_000_000, 21_500.4, null)).toBe("Delivering: 40,000 of 1,000,000 rows, 21,500 events/s");
    expect(deliveringText(40_000, 1_000_000, 0, "HTTP 503: attempt 2 failed, the next in 4 s.")).toBe(
      "Delivering: 40,000 of 1,000,000 rows, 0 events/s; HTTP 503: attempt 2 failed, the next in 4 s.",
    );
  });
});
