import { describe, expect, it } from "vitest";
import { rememberedChoicesSchema } from "@/lib/events/import-choices";
import { choicesToRemember, rememberedToMapChoices } from "./remembered";

const headers = ["Mail", "What", "When", "plan", "items", "notes"];
const mapping = { email: 0, event_name: 1, time: 2, params: [{ index: 3, name: "plan" }, { index: 4, name: "items" }] };

describe("remembered choices", () => {
  it("keeps the mapping step's choices by column, and gives them back for the same header", () => {
    const kept = choicesToRemember({ headers, mapping, jsonParams: ["items"], dateOrder: "DMY", timeZone: "Europe/Kyiv" })!;
    expect(kept.choices).toEqual({ email: 0, event_name: 1, time: 2, params: [3, 4], json: [4], eventName: null, dateOrder: "DMY", timeZone: "Europe/Kyiv" });
    expect(rememberedChoicesSchema.safeParse(kept.choices).success).toBe(true);
    expect(rememberedToMapChoices(headers, kept.choices)).toEqual({ mapping, timeZone: "Europe/Kyiv", dateOrder: "DMY", jsonParams: ["items"] });
  });

  it("keeps one event name for every row instead of a column", () => {
    const fixed = { ...mapping, event_name: -1, eventName: "Imported" };
    const kept = choicesToRemember({ headers, mapping: fixed, jsonParams: [], dateOrder: null, timeZone: "UTC" })!;
    expect(kept.choices).toMatchObject({ event_name: -1, eventName: "Imported", dateOrder: null });
    expect(rememberedToMapChoices(headers, kept.choices)).toEqual({ mapping: fixed, timeZone: "UTC", dateOrder: "auto", jsonParams: [] });
  });

  it("drops parameters whose column the header no longer names", () => {
    const choices = { email: 0, event_name: 1, time: 2, params: [3, 5, 9], json: [9], eventName: null, dateOrder: null, timeZone: "UTC" };
    const given = rememberedToMapChoices(["email", "event", "time", " plan ", "x", "  "], choices);
    expect(given.mapping.params).toEqual([{ index: 3, name: "plan" }]);
    expect(given.jsonParams).toEqual([]);
  });

  it("keeps nothing for a header too large to keep", () => {
    expect(choicesToRemember({ headers: ["email", "x".repeat(1_001)], mapping, jsonParams: [], dateOrder: null, timeZone: "UTC" })).toBeNull();
  });
});
