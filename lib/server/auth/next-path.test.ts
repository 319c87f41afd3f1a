import { describe, expect, it } from "vitest";
import { forEachCase, type Random } from "@/lib/csv/fuzz-inputs";
import { AFTER_SIGN_IN, nextPath } from "./next-path";

/** Two origins that differ in scheme, host and port: a result must stay on whichever one resolves it. */
const ORIGINS = ["http://127.0.0.1:3000", "https://backfill.example.com"];

/** The redirect holds if a browser on either origin, resolving it as Location, stays on that origin. */
function expectSameOrigin(next: string) {
  const path = nextPath(next);
  expect(path.startsWith("/"), `${JSON.stringify(next)} gave ${JSON.stringify(path)}`).toBe(true);
  expect(path.startsWith("//"), `${JSON.stringify(next)} gave ${JSON.stringify(path)}`).toBe(false);
  for (const origin of ORIGINS) {
    const url = new URL(path, origin);
    expect(url.origin, `${JSON.stringify(next)} gave ${JSON.stringify(path)}`).toBe(origin);
    // What the browser lands on is the path we gave, not one it normalised into something else.
    expect(`${url.pathname}${url.search}${url.hash}`, `${JSON.stringify(next)} gave ${JSON.stringify(path)}`).toBe(path);
  }
}

/** Pieces an attacker strings together: dot segments in every spelling, slashes, backslashes, whitespace. */
const PIECES = [
  "/", "//", "///", ".", "..", "%2e", "%2E", "%2e%2e", ".%2e", "%2F", "%2f", "%5C", "\\", "\t", "\n", "\r", "%09", "%0A",
  "evil.example", "@evil.example", ":", "http:", "https:", "?", "#", "%", "%ZZ", "a", "imports", "sign-in", " ", "\u0000",
  "\u3002", "\uff0f", "\u2215", "javascript:alert(1)", "%252e",
];

function randomNext(random: Random): string {
  const parts = random.chance(0.8) ? ["/"] : [];
  for (let i = random.int(8); i >= 0; i--) parts.push(random.chance(0.15) ? String.fromCharCode(random.int(0x3000)) : random.pick(PIECES));
  return parts.join("");
}

describe("nextPath", () => {
  it("keeps a path of the app with its query and hash", () => {
    expect(nextPath("/imports?page=1#top")).toBe("/imports?page=1#top");
    expect(nextPath("/imports/new")).toBe("/imports/new");
    expect(nextPath("/a/../imports")).toBe("/imports");
  });

  it("leads nowhere else through dot segments, encodings, backslashes or whitespace", () => {
    const attacks = [
      "/.//evil.example/phish", "/..//evil.example/phish", "/%2e//evil.example/phish", "/%2E%2E//evil.example",
      "/a/..//evil.example/phish", "/.%2F/evil.example", "/.///evil.example/phish", "/././/evil.example", "/a/b/../..//evil.example",
      "//evil.example", "///evil.example", "/\\evil.example", "/%5Cevil.example", "/\t/evil.example", "/\n/evil.example",
      "/%09/evil.example", "https://evil.example/x", "http:/evil.example", "/.\\/evil.example", "/%2e%2e%2f/evil.example",
    ];
    for (const next of attacks) expectSameOrigin(next);
    expect(nextPath("/.//evil.example/phish")).toBe(AFTER_SIGN_IN);
  });

  it("refuses what is not a single path", () => {
    expect(nextPath(undefined)).toBe(AFTER_SIGN_IN);
    expect(nextPath(["/a", "/b"])).toBe(AFTER_SIGN_IN);
    expect(nextPath("/sign-in?next=/x")).toBe(AFTER_SIGN_IN);
    expect(nextPath(`/${"a".repeat(3000)}`)).toBe(AFTER_SIGN_IN);
  });

  it("keeps any string at all on the origin that resolves it (seeded random inputs)", async () => {
    await forEachCase(5_000, (random) => expectSameOrigin(randomNext(random)));
  });
});
