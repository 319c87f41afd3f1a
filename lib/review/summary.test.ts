import { describe, expect, it } from "vitest";
import { countSince, eventNames, samples, timelineOf, typos } from "./summary";
import { storeOf } from "./test-store";

describe("eventNames", () => {
  it("lists the twelve most frequent names of the events to send, and how many others there are", async () => {
    const lines = ["email,event_name,time"];
    for (let n = 0; n < 14; n++) for (let k = 0; k <= n; k++) lines.push(`u${n}-${k}@example.com,e${String(n).padStart(2, "0")},2024-01-01`);
    lines.push("broken,e99,2024-01-01", "u13-0@example.com,e13,2024-01-01");
    const store = await storeOf(lines.join("\n"));
    const names = eventNames(store);
    expect(names.top).toHaveLength(12);
    expect(names.top[0]).toEqual({ name: "e13", count: 14 });
    expect(names.top.at(-1)).toEqual({ name: "e02", count: 3 });
    expect(names.others).toBe(2);
  });

  it("counts the one name every row gets when no column holds it", async () => {
    const store = await storeOf("email,event_name,time\na@example.com,x,2024-01-01\nb@example.com,y,2024-01-01\n");
    store.setMapping({ ...store.mapping, event_name: -1, eventName: "Imported" }, store.context);
    expect(eventNames(store)).toEqual({ top: [{ name: "Imported", count: 2 }], others: 0 });
  });
});

describe("typos", () => {
  it("counts the likely misspelt domains of the rows to send, most rows first", async () => {
    const store = await storeOf([
      "email,event_name,time",
      "a@gmial.com,x,2024-01-01", "b@gmial.com,x,2024-01-01", "c@yaho.com,x,2024-01-01", "d@gmail.com,x,2024-01-01", "e@yaho.com,x,bad",
    ].join("\n"));
    expect(typos(store)).toEqual([{ domain: "gmial.com", suggestion: "gmail.com", count: 2 }, { domain: "yaho.com", suggestion: "yahoo.com", count: 1 }]);
    store.setLeftOut([0, 1], true);
    expect(typos(store).map((typo) => typo.domain)).toEqual(["yaho.com"]);
  });
});

describe("the pictures of the events to send", () => {
  it("leaves out invalid, duplicate and left-out rows", async () => {
    const store = await storeOf([
      "email,event_name,time",
      "a@example.com,x,2026-11-22T10:00:00Z", "a@example.com,x,2026-11-22T10:00:00Z", "b@example.com,x,2026-11-20T10:00:00Z",
      "c@example.com,x,never", "d@example.com,x,2026-11-22T11:00:00Z",
    ].join("\n"));
    const since = Date.parse("2026-11-21T00:00:00Z");
    expect(countSince(store, since)).toBe(2);
    expect(timelineOf(store)).toMatchObject({ unit: "day", earliestMs: Date.parse("2026-11-20T10:00:00Z") });
    expect(timelineOf(store).buckets.map((bucket) => bucket.count)).toEqual([1, 0, 2]);
    store.setLeftOut([4], true);
    expect(countSince(store, since)).toBe(1);
    expect(samples(store, 2)).toEqual([["a@example.com", "x", "2026-11-22T10:00:00Z"], ["a@example.com", "x", "2026-11-22T10:00:00Z"]]);
    expect(samples(store, 10)).toHaveLength(5);
  });
});
