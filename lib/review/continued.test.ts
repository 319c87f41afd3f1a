import { describe, expect, it } from "vitest";
import { continuedMapChoices, type RecordedReading } from "./continued";

const headers = ["Email", "Event", "When", "plan", "items"];
const recorded: RecordedReading = {
  columns: { email: "Email", event_name: "Event", time: "When", params: ["plan", "items"] },
  mapChoices: null, timeZone: "Europe/Kyiv", dateOrder: "DMY", eventName: null, jsonParams: ["items"],
};

describe("continuedMapChoices", () => {
  it("maps by the recorded column names, with the recorded zone, date order and JSON columns", () => {
    expect(continuedMapChoices(headers, recorded)).toEqual({
      mapping: { email: 0, event_name: 1, time: 2, params: [{ index: 3, name: "plan" }, { index: 4, name: "items" }] },
      timeZone: "Europe/Kyiv", dateOrder: "DMY", jsonParams: ["items"],
    });
  });

  it("maps by position when the import recorded it, and keeps one event name for every row", () => {
    const byPosition = { ...recorded, eventName: "order", dateOrder: null,
      mapChoices: { email: 0, event_name: -1, time: 2, params: [3], json: [], eventName: "order", dateOrder: null, timeZone: "UTC" } };
    expect(continuedMapChoices(headers, byPosition)).toEqual({
      mapping: { email: 0, event_name: -1, time: 2, params: [{ index: 3, name: "plan" }], eventName: "order" },
      timeZone: "Europe/Kyiv", dateOrder: "auto", jsonParams: ["items"],
    });
  });
});
