import { describe, expect, it } from "vitest";
import { changedNote } from "./changed-notes";

describe("the note on a row already imported with other values", () => {
  it("names the first parameter that held another value, as the server's reason does", () => {
    expect(changedNote({ city: "New York", plan: "pro" }, { city: "NYC", plan: "pro" }, "2026-12-01")).toBe('Already imported with city "NYC" on 2026-12-01.');
    expect(changedNote({ plan: "pro" }, { city: "NYC", plan: "pro" }, "2026-12-01")).toBe('Already imported with city "NYC" on 2026-12-01.');
    expect(changedNote({ items: "[]" }, { items: [{ name: "Mug" }] }, "2026-12-01")).toBe('Already imported with items "[{"name":"Mug"}]" on 2026-12-01.');
  });

  it("names a parameter the row has and the earlier event had not", () => {
    expect(changedNote({ coupon: "X1", plan: "pro" }, { plan: "pro" }, "2026-12-01")).toBe("Already imported with no coupon on 2026-12-01.");
  });
});
