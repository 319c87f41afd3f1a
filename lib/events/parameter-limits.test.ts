import { describe, expect, it } from "vitest";
import { CUSTOMERIO_MAX_EVENT_BYTES, parameterBytes, parameterLimitWarning } from "./parameter-limits";

describe("parameter limits", () => {
  it("counts an event's parameters as the JSON that carries them, empty ones left out", () => {
    expect(parameterBytes(["plan", "city"], ["pro", ""])).toBe('{"plan":"pro"}'.length);
    expect(parameterBytes(["name"], ["Olena Kovalenko – Київ"])).toBe(new TextEncoder().encode('{"name":"Olena Kovalenko – Київ"}').length);
  });

  it("warns where the destination limits an event's size and the rows come near it", () => {
    expect(parameterLimitWarning("builtin", 300, 100_000)).toBeNull();
    expect(parameterLimitWarning("customerio", 300, 10_000)).toBeNull();
    expect(parameterLimitWarning("customerio", 0, 40_000)).toBeNull();
    expect(parameterLimitWarning("customerio", 300, 40_000)).toBe(
      "Customer.io takes 32 kB at most for an event with its parameters. With 300 parameter columns, the first rows of this file take up to 40 kB, more than that: events over it are rejected. Leave out the columns you do not need.");
    expect(parameterLimitWarning("customerio", 120, CUSTOMERIO_MAX_EVENT_BYTES - 1)).toContain("close to that");
  });
});
