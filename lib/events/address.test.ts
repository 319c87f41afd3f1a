import { describe, expect, it } from "vitest";
import { addressOf } from "./address";
import { checkEvent } from "./row";

const NOW = Date.parse("2026-11-22T12:00:00Z");
const check = (email: string) => checkEvent({ email, event_name: "order", time: "2024-01-15", params: {} }, { timeZone: "UTC", nowMs: NOW });
const emailOf = (email: string) => {
  const result = check(email);
  return result.event ? result.event.email : result.errors.map((error) => error.message).join(" ");
};

describe("addresses written with a name", () => {
  it.each([
    ["Ann Lee <ann@example.com>", "ann@example.com"],
    ['"Stone, Bob" <bob@example.com>', "bob@example.com"],
    ['"O\\"Neil, Pat" <pat@example.com>', "pat@example.com"],
    ["<eve@example.com>", "eve@example.com"],
    ["  Ann<ann@example.com>  ", "ann@example.com"],
    ["Ann Lee < ann@example.com >", "ann@example.com"],
    ["ann@example.com", "ann@example.com"],
  ])("reads %s as %s", (written, address) => {
    expect(emailOf(written)).toBe(address);
    expect(addressOf(written)).toBe(address);
  });

  it.each([
    ["Ann Lee <ann@example.com> (work)", "`Ann Lee <ann@example.com> (work)` is not an email address: text follows the >; write it as Name <name@example.com>."],
    ["Ann Lee <ann@example.com", "`Ann Lee <ann@example.com` is not an email address: it has a < without the > that closes it."],
    ["ann@example.com>", "`ann@example.com>` is not an email address: it has a > without the < that opens it."],
    ['Ann "x" <ann@example.com>', '`Ann "x" <ann@example.com>` is not an email address: what comes before the < is not a name (a name with quotes or brackets in it is written in double quotes).'],
    ["<a@b.io> <c@d.io>", "`<a@b.io> <c@d.io>` is not an email address: what comes before the < is not a name (a name with quotes or brackets in it is written in double quotes)."],
    ["Ann Lee <>", "`Ann Lee <>` has no address between the < and the >."],
    ["Ann Lee <ann>", "`ann` is not an email address: it has no @."],
    ["Ann Lee ann@example.com", "`Ann Lee ann@example.com` is not an email address: it contains a space."],
  ])("keeps %s an error with its reason", (written, message) => {
    expect(emailOf(written)).toBe(message);
  });
});
