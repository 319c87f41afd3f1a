import { afterEach, describe, expect, it, vi } from "vitest";
import { downloadCsv } from "./download";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("downloadCsv", () => {
  it("clicks a link to the CSV under the name given, and frees it later", async () => {
    vi.useFakeTimers();
    const link = { href: "", download: "", click: vi.fn() };
    vi.stubGlobal("document", { createElement: vi.fn(() => link) });
    const blobs: Blob[] = [];
    const create = vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return "blob:rejected";
    });
    const revoke = vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => {});
    downloadCsv("email\r\nbroken\r\n", "events-rejected.csv");
    expect(create).toHaveBeenCalledTimes(1);
    expect(blobs[0].type).toBe("text/csv;charset=utf-8");
    expect(await blobs[0].text()).toBe("email\r\nbroken\r\n");
    expect(link).toMatchObject({ href: "blob:rejected", download: "events-rejected.csv" });
    expect(link.click).toHaveBeenCalledTimes(1);
    expect(revoke).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(revoke).toHaveBeenCalledWith("blob:rejected");
  });
});
