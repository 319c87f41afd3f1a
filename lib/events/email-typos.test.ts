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

  it("answers an address with the domain of the one before as it answered that one, and any other afresh", () => {
    const emails = ["a@gmial.com", "b@gmial.com", "c@Gmial.com", "d@x@gmial.com", "e@gmail.com", "no-at-sign", "f@gmial.com ", "g@GMAIL.COM", "h@gmail.con"];
    const one = emails.map((email) => domainTypo(email));
    // Each alone, after an address with another domain.
    const alone = emails.map((email) => {
      domainTypo("z@unrelated.example");
      return domainTypo(email);
    });
    expect(one).toEqual(alone);
    expect(one.map((typo) => typo?.suggestion ?? null)).toEqual(["gmail.com", "gmail.com", "gmail.com", "gmail.com", null, null, "gmail.com", null, "gmail.com"]);
  });

  it("says what the address probably was", () => {
    expect(typoMessage("ann@gmial.com", { domain: "gmial.com", suggestion: "gmail.com" })).toBe("Did you mean `ann@gmail.com`? `gmial.com` looks like a misspelling.");
  });
});
