import { describe, expect, it } from "vitest";
import { domainTypo, typoMessage } from "./email-typos";

describe("domainTypo", () => {
  it("suggests the common domain for a likely misspelling", () => {
    expect(domainTypo("ann@gmial.com")).toEqual({ domain: "gmial.com", suggestion: "gmail.com" });
    expect(domainTypo("ann@hotmial.com")?.suggestion).toBe("hotmail.com");
    expect(domainTypo("ann@gmail.con")?.suggestion).toBe("gmail.com");
    expect(domainTypo("Ann@YAHO.com")?.suggestion).toBe("yahoo.com");
  });

  it("leaves correct and unknown domains alone", () => {
    expect(domainTypo("ann@gmail.com")).toBeNull();
    expect(domainTypo("ann@example.com")).toBeNull();
    expect(domainTypo("no-at-sign")).toBeNull();
  });

  it("says what the address probably was", () => {
    expect(typoMessage("ann@gmial.com", { domain: "gmial.com", suggestion: "gmail.com" })).toBe("Did you mean `ann@gmail.com`? `gmial.com` looks like a misspelling.");
  });
});
