import { beforeAll, describe, expect, it } from "vitest";
import { dedupMaterial, fingerprintEvent, loadDedupHasher, type DedupHasher } from "./dedup";
import { mapHeaders } from "./headers";
import { RowValidator } from "./validator";

const context = { timeZone: "UTC", nowMs: Date.parse("2026-11-22T12:00:00Z") };
let hasher: DedupHasher;
beforeAll(async () => {
  hasher = await loadDedupHasher();
});

function validatorFor(headers: string[]) {
  const match = mapHeaders(headers);
  if (!match.ok) throw new Error(match.message);
  return new RowValidator(headers.length, match.mapping, context);
}

describe("RowValidator", () => {
  it("skips records with no content without counting them", () => {
    const validator = validatorFor(["email", "event_name", "time"]);
    expect(validator.checkRecord(2, [""])).toBeNull();
    expect(validator.checkRecord(3, [" ", "", "  "])).toBeNull();
    expect(validator.counts.total).toBe(0);
  });

  it("rejects rows whose field count differs from the header's", () => {
    const validator = validatorFor(["email", "event_name", "time"]);
    const outcome = validator.checkRecord(2, ["a@example.com", "signup", "2020-01-01", "extra"]);
    expect(outcome?.errors).toEqual([{ field: "row", message: "The row has 4 fields; the header has 3." }]);
    const short = validator.checkRecord(3, ["a@example.com", "signup"]);
    expect(short?.errors[0]).toEqual({ field: "row", message: "The row has 2 fields; the header has 3." });
    expect(validator.counts).toEqual({ total: 2, valid: 0, invalid: 2, duplicates: 0 });
  });

  it("keeps parameters whose column is named like a built-in property of objects", () => {
    const validator = validatorFor(["email", "event_name", "time", "toString", "constructor"]);
    const outcome = validator.checkRecord(2, ["a@example.com", "signup", "2020-01-01", "a", " b "]);
    expect(outcome?.event?.params).toEqual({ toString: "a", constructor: "b" });
  });

  it("takes a parameter from the first of two same-named columns that has content", () => {
    const validator = validatorFor(["email", "event_name", "time", "note", "note"]);
    for (const blank of ["", " ", "\u00a0", "\ufeff"]) {
      const outcome = validator.checkRecord(2, ["a@example.com", "signup", "2020-01-01", blank, "later"]);
      expect(outcome?.event?.params).toEqual({ note: "later" });
    }
  });

  it("warns on a later row that repeats an earlier event, whatever the email's case or the params' order", () => {
    const validator = validatorFor(["email", "event_name", "time", "a", "b"]);
    validator.checkRecord(2, ["ann@example.com", "buy", "2020-01-01 10:00", "1", "2"]);
    validator.checkRecord(3, ["bob@example.com", "buy", "2020-01-01 10:00", "1", "2"]);
    const repeat = validator.checkRecord(4, ["ANN@example.com", "buy", "2020-01-01T10:00:00Z", "1", "2"]);
    expect(repeat?.duplicateOf).toBe(2);
    expect(repeat?.warnings).toEqual([{ field: "row", message: "Duplicate of row 2: it will be skipped." }]);
    expect(repeat?.errors).toEqual([]);
    const otherParams = validator.checkRecord(5, ["ann@example.com", "buy", "2020-01-01 10:00", "1", "3"]);
    expect(otherParams?.duplicateOf).toBeNull();
    expect(validator.counts).toEqual({ total: 4, valid: 4, invalid: 0, duplicates: 1 });
  });

  it("gives the same key to the same event in either parameter order", () => {
    const one = hasher({ email: "a@x.io", eventName: "e", occurredMs: 1, params: { a: "1", b: "2" } });
    const two = hasher({ email: "A@X.IO", eventName: "e", occurredMs: 1, params: { b: "2", a: "1" } });
    const other = hasher({ email: "a@x.io", eventName: "E", occurredMs: 1, params: { a: "1", b: "2" } });
    expect(one).toBe(two);
    expect(one).not.toBe(other);
    expect(one).toMatch(/^[0-9a-f]{32}$/);
  });

  it("cannot be fooled by a value that imitates the next field", () => {
    const a = { email: "a@x.io", eventName: "e", occurredMs: 1, params: { a: "1b1:2" } };
    const b = { email: "a@x.io", eventName: "e", occurredMs: 1, params: { a: "1", b: "2" } };
    expect(dedupMaterial(a)).not.toBe(dedupMaterial(b));
    const [one, two] = [new Uint32Array(2), new Uint32Array(2)];
    fingerprintEvent(a, one);
    fingerprintEvent(b, two);
    expect(one).not.toEqual(two);
  });

  it("finds no false duplicate among a million distinct events", () => {
    const validator = validatorFor(["email", "event_name", "time"]);
    for (let i = 0; i < 1_000_000; i++) validator.checkRecord(i + 2, [`u${i}@x.io`, "e", "1421284500"]);
    expect(validator.counts.duplicates).toBe(0);
  });
});
