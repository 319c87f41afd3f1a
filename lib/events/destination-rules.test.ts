import { describe, expect, it } from "vitest";
import { yespoEventNameProblem } from "./destination-rules";

describe("yespoEventNameProblem", () => {
  it("accepts names Yespo takes, spaces, dots and non-Latin letters included", () => {
    expect(yespoEventNameProblem("orderCreated")).toBeNull();
    expect(yespoEventNameProblem("page view.v2-#1 (mobile)")).toBeNull();
    expect(yespoEventNameProblem("замовлення")).toBeNull();
    expect(yespoEventNameProblem("a".repeat(100))).toBeNull();
  });

  it("names the character Yespo refuses", () => {
    expect(yespoEventNameProblem("buy,now")).toBe(
      "The event name `buy,now` contains a comma (,), which Yespo does not accept in event names.",
    );
    expect(yespoEventNameProblem("a/b")).toContain("slash (/)");
    expect(yespoEventNameProblem("a\\b")).toContain("backslash (\\)");
    expect(yespoEventNameProblem("it's")).toContain("apostrophe (')");
    for (const character of ["<", ">", ";", '"', "`", "|", "^", "?", "!"]) {
      expect(yespoEventNameProblem(`x${character}y`), character).toContain(`(${character})`);
    }
  });

  it("counts characters, not UTF-16 units, against the limit of 100", () => {
    expect(yespoEventNameProblem("a".repeat(101))).toBe("The event name is 101 characters long; Yespo accepts 100 at most.");
    expect(yespoEventNameProblem("😀".repeat(100))).toBeNull();
  });
});
