import { describe, expect, it } from "vitest";
import { FOREIGN_ORIGIN, WRONG_HOST, allowedHosts, refuseRequest } from "./request-guard";

const hosts = allowedHosts("https://backfill.example.com", ["proxy.internal:8080"]);

describe("requests the proxy refuses before anything runs", () => {
  it("refuses a Host that is neither APP_URL's nor an allowed one (DNS rebinding)", () => {
    expect(refuseRequest({ method: "GET", host: "backfill.example.com", origin: null }, hosts)).toBeNull();
    expect(refuseRequest({ method: "GET", host: "PROXY.internal:8080", origin: null }, hosts)).toBeNull();
    expect(refuseRequest({ method: "GET", host: "rebound.evil.example", origin: null }, hosts)).toEqual({ status: 421, message: WRONG_HOST });
    expect(refuseRequest({ method: "GET", host: "backfill.example.com:444", origin: null }, hosts)).toMatchObject({ status: 421 });
    expect(refuseRequest({ method: "GET", host: null, origin: null }, hosts)).toMatchObject({ status: 421 });
  });

  it("answers a server action from another origin, or none, with a plain 403", () => {
    const action = (origin: string | null) => refuseRequest({ method: "POST", host: "backfill.example.com", origin }, hosts);
    expect(action("https://backfill.example.com")).toBeNull();
    expect(action("http://proxy.internal:8080")).toBeNull();
    for (const origin of [null, "null", "https://evil.example", "not a url", "https://backfill.example.com.evil.example"]) {
      expect(action(origin), String(origin)).toEqual({ status: 403, message: FOREIGN_ORIGIN });
    }
  });
});
