import { describe, expect, it } from "vitest";
import { readableDuration } from "./duration";

describe("a duration as people say it", () => {
  it("takes the largest units that matter", () => {
    expect(readableDuration(0)).toBe("0 s");
    expect(readableDuration(44_600)).toBe("45 s");
    expect(readableDuration(185_000)).toBe("3 min 5 s");
    expect(readableDuration(180_000)).toBe("3 min");
    expect(readableDuration((2 * 60 + 14) * 60_000 + 30_000)).toBe("2 h 14 min");
    expect(readableDuration(-5)).toBe("0 s");
  });
});
