import { describe, expect, it } from "vitest";
import { fingerprintEvent } from "./dedup";
import { JsonColumnDetector, canonicalJson, paramsWithJson, readJsonParam } from "./json-params";
import { checkEvent } from "./row";

const NOW = Date.parse("2026-11-22T12:00:00Z");
const row = (items: string) => ({ email: "ann@example.com", event_name: "purchase", time: "2024-01-15", params: { items, note: "x" } });

describe("parameters that hold JSON", () => {
  it("finds the columns whose non-empty values are all JSON arrays or objects", () => {
    const detector = new JsonColumnDetector([{ index: 0, name: "items" }, { index: 1, name: "note" }, { index: 2, name: "empty" }, { index: 3, name: "mixed" }]);
    detector.observe(['[{"sku":"a"}]', "hello", "", '{"a":1}']);
    detector.observe(["", "[not json", "", "plain"]);
    detector.observe([' {"sku":"b"} ', "x", "", "{}"]);
    expect(detector.result()).toEqual(["items"]);
    expect(new JsonColumnDetector([{ index: 0, name: "n" }]).settled).toBe(false);
  });

  it("finds a column of nearly all JSON, one value in twenty at most being something else", () => {
    const items = Array.from({ length: 1998 }, (_, i) => `[{"sku":"s${i}"}]`);
    const oneBad = new JsonColumnDetector([{ index: 0, name: "items" }]);
    items.forEach((value, i) => oneBad.observe([i === 700 ? '[{"sku":"x"}' : value]));
    expect(oneBad.result()).toEqual(["items"]);
    const atTheShare = new JsonColumnDetector([{ index: 0, name: "items" }]);
    for (let i = 0; i < 40; i++) atTheShare.observe([i % 20 === 0 ? "none" : items[i]]);
    expect(atTheShare.result()).toEqual(["items"]);
    const pastIt = new JsonColumnDetector([{ index: 0, name: "items" }]);
    for (let i = 0; i < 40; i++) pastIt.observe([i % 10 === 0 ? "none" : items[i]]);
    expect(pastIt.result()).toEqual([]);
  });

  it("rules a text column out after a few dozen values, so that a scan of the file can stop", () => {
    const detector = new JsonColumnDetector([{ index: 0, name: "note" }]);
    for (let i = 0; i < 50; i++) detector.observe(["plain"]);
    expect(detector.settled).toBe(false);
    detector.observe(["plain"]);
    expect(detector.settled).toBe(true);
  });

  it("says where a value that is not JSON breaks", () => {
    const read = readJsonParam("items", '[{"sku":"b","qty":1}');
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(/^The value of `items` is not valid JSON: .*position 20/);
    expect(readJsonParam("items", '"text"')).toEqual({ ok: false, message: "The value of `items` is not a JSON array or object, as the other values of its column are." });
  });

  it("checks a row's JSON parameters and keeps them as canonical JSON, so that equal JSON is one event", () => {
    const context = { timeZone: "UTC", nowMs: NOW, jsonParams: ["items"] };
    const a = checkEvent(row('[{"sku":"a","qty":1}]'), context);
    const b = checkEvent(row('[ { "qty": 1, "sku": "a" } ]'), context);
    expect(a.event?.params).toEqual({ items: '[{"qty":1,"sku":"a"}]', note: "x" });
    const fingerprints = [a, b].map((check) => {
      const out = new Uint32Array(2);
      fingerprintEvent(check.event!, out);
      return [...out];
    });
    expect(fingerprints[0]).toEqual(fingerprints[1]);
    const bad = checkEvent(row("[1,"), context);
    expect(bad.event).toBeNull();
    expect(bad.errors[0].message).toMatch(/^The value of `items` is not valid JSON/);
    expect(checkEvent(row("[1,"), { timeZone: "UTC", nowMs: NOW }).event?.params.items).toBe("[1,");
  });

  it("gives the JSON back as JSON to store and send", () => {
    expect(paramsWithJson({ items: '[{"qty":1}]', note: "[x]" }, ["items"])).toEqual({ items: [{ qty: 1 }], note: "[x]" });
    expect(canonicalJson({ b: [1, { d: null, c: "é" }], a: true })).toBe('{"a":true,"b":[1,{"c":"é","d":null}]}');
  });
});
