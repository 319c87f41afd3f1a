import { describe, expect, it } from "vitest";
import { FOREIGN_ORIGIN, UNREADABLE_BODY, WRONG_HOST, allowedHosts, refuseBody, refuseRequest } from "./request-guard";

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

describe("bodies the proxy refuses before Next.js tries to decode them", () => {
  const post = (body: string, headers: Record<string, string>) =>
    refuseBody(new Request("https://backfill.example.com/sign-in", { method: "POST", headers, body }));
  const action = { "next-action": "7f".padEnd(42, "0"), "content-type": "text/plain;charset=UTF-8" };

  it("refuses an action's arguments that are not JSON, and a form that does not parse", async () => {
    for (const body of ["[zxc", "", "[", "{\"a\":"]) expect(await post(body, action), body).toEqual({ status: 400, message: UNREADABLE_BODY });
    expect(await post("garbage", { "content-type": "multipart/form-data; boundary=----x" })).toEqual({ status: 400, message: UNREADABLE_BODY });
  });

  it("takes what React sends: JSON arguments, and a well-formed form", async () => {
    expect(await post(JSON.stringify([{ email: "a@example.com", password: "x" }]), action)).toBeNull();
    const form = new FormData();
    form.set("1_$ACTION_ID_abc", "");
    form.set("0", '["$K1"]');
    const request = new Request("https://backfill.example.com/sign-in", { method: "POST", body: form });
    expect(await refuseBody(request)).toBeNull();
    // Not an action: a plain POST is the page's to answer.
    expect(await post("not json", { "content-type": "text/plain" })).toBeNull();
    expect(await refuseBody(new Request("https://backfill.example.com/", { method: "GET" }))).toBeNull();
  });
});
