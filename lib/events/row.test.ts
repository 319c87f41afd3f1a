import { describe, expect, it } from "vitest";
import { checkEmail, checkEvent, checkEventName, eventInputSchema, eventRowSchema, fitForSending } from "./row";

const context = { timeZone: "UTC", nowMs: Date.parse("2026-11-22T12:00:00Z") };

describe("checkEmail", () => {
  it.each(["Ann.Lee@Example.com", "a+tag@mail.example.co.uk", "x@a.io"])("accepts %s", (email) => {
    expect(checkEmail(email)).toBeNull();
  });

  it.each([
    ["", "The email is empty."],
    ["ann.example.com", "`ann.example.com` is not an email address: it has no @."],
    ["a@b@example.com", "`a@b@example.com` is not an email address: it has more than one @."],
    ["@example.com", "`@example.com` is not an email address: nothing comes before the @."],
    ["ann lee@example.com", "`ann lee@example.com` is not an email address: it contains a space."],
    ["ann@localhost", "`ann@localhost` is not an email address: the part after the @ should be a domain such as example.com."],
    ["ann@example.", "`ann@example.` is not an email address: the part after the @ should be a domain such as example.com."],
  ])("rejects %j", (email, message) => {
    expect(checkEmail(email)).toBe(message);
  });

  it("rejects addresses over 254 characters", () => {
    const email = `${"a".repeat(243)}@example.com`;
    expect(email.length).toBe(255);
    expect(checkEmail(email)).toBe("The email is 255 characters long; an address has 254 at most.");
    expect(checkEmail(email.slice(1))).toBeNull();
  });
});

describe("checkEventName", () => {
  it("accepts names up to 255 characters, in any script", () => {
    expect(checkEventName("Заказ оформлен")).toBeNull();
    expect(checkEventName("x".repeat(255))).toBeNull();
  });

  it("rejects empty, over-long and control-character names", () => {
    expect(checkEventName("")).toBe("The event name is empty.");
    expect(checkEventName("x".repeat(256))).toBe("The event name is 256 characters long; 255 at most.");
    expect(checkEventName("order\u0007placed")).toBe(
      "`order�placed` contains an invisible control character, which an event name cannot have.",
    );
  });
});

describe("checkEvent", () => {
  it("trims values, keeps the email's case and leaves empty parameters out", () => {
    const check = checkEvent(
      { email: " Ann@Example.com ", event_name: " purchase ", time: "2020-01-01 10:00", params: { city: " Oslo ", plan: "  " } },
      context,
    );
    expect(check).toEqual({
      event: { email: "Ann@Example.com", eventName: "purchase", occurredMs: Date.parse("2020-01-01T10:00:00Z"), params: { city: "Oslo" } },
      errors: [],
    });
  });

  it("refuses a parameter the server's schema would refuse, which would fail the row's whole batch", () => {
    const row = { email: "ann@example.com", event_name: "signup", time: "2020-01-01" };
    expect(checkEvent({ ...row, params: { note: "x".repeat(100_000) } }, context).event).not.toBeNull();
    expect(checkEvent({ ...row, params: { note: "x".repeat(100_001) } }, context)).toEqual({
      event: null,
      errors: [{ field: "row", message: "The value of `note` is 100,001 characters long; 100,000 at most." }],
    });
    expect(checkEvent({ ...row, params: { ["n".repeat(1_001)]: "x" } }, context).errors).toEqual([
      { field: "row", message: "The header of a column is 1,001 characters long; 1,000 at most." },
    ]);
  });

  it("reports every bad field at once", () => {
    const check = checkEvent({ email: "nope", event_name: "", time: "2020-02-30", params: {} }, context);
    expect(check.event).toBeNull();
    expect(check.errors.map((e) => e.field)).toEqual(["email", "event_name", "time"]);
  });
});

describe("eventRowSchema", () => {
  it("runs the same rules as checkEvent, with the field as the issue's path", () => {
    const schema = eventRowSchema(context);
    const bad = schema.safeParse({ email: "ann@example.com", event_name: "signup", time: "2020-13-01", params: {} });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["time"], message: expect.stringContaining("no month 13") });
    const good = schema.parse({ email: "ann@example.com", event_name: "signup", time: "1421284500", params: {} });
    expect(good.occurredMs).toBe(1421284500000);
  });

  it("refuses input of the wrong shape", () => {
    expect(eventRowSchema(context).safeParse({ email: 1 }).success).toBe(false);
  });
});

describe("cleanParams", () => {
  it("trims every kind of surrounding white space, as the other fields are", async () => {
    const { cleanParams } = await import("./row");
    expect(cleanParams({ a: "\u00a0x\u00a0", " b ": "y", c: "\t" })).toEqual({ a: "x", b: "y" });
    expect(cleanParams({ " valueOf ": "x", hasOwnProperty: " y" })).toEqual({ valueOf: "x", hasOwnProperty: "y" });
    const clean = { a: "x" };
    expect(cleanParams(clean)).toBe(clean);
  });
});

describe("rows too large to send", () => {

  it("refuses a row whose text together passes the row limit, even with every value within its own", () => {
    const params = Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`p${i}`, "v".repeat(99_000)]));
    const check = checkEvent({ email: "a@example.com", event_name: "x", time: "2024-01-01", params }, context);
    expect(check.errors).toEqual([{ field: "row", message: "The row holds 297,030 characters; a row may hold 250,000 at most." }]);
  });

  it("leaves a row that fits as it is, and cuts one that does not to the schema's limits", () => {
    const fine = { email: "a@example.com", event_name: "x", time: "2024-01-01", params: { a: "1" } };
    expect(fitForSending(fine)).toEqual({ input: fine, cut: null });
    const big = { email: "e".repeat(20_000), event_name: "x", time: "t".repeat(5_000), params: { a: "1" } };
    const fitted = fitForSending(big);
    expect(fitted.input.email).toHaveLength(10_000);
    expect(fitted.input.time).toHaveLength(1_000);
    expect(fitted.input.email.endsWith("…")).toBe(true);
    expect(fitted.cut).toBe("The row was too long to import (25,003 characters); the email, the time are cut short here.");
    expect(eventInputSchema.safeParse(fitted.input).success).toBe(true);
  });
});
