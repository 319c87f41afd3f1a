import { describe, expect, it } from "vitest";
import { earlyAnswer } from "./front-door";

describe("requests answered as they arrive", () => {
  it("answers a method the app does not serve with a 405", () => {
    for (const method of ["TRACE", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", undefined]) {
      expect(earlyAnswer(method, "/")?.status, String(method)).toBe(405);
    }
    for (const method of ["GET", "HEAD", "POST"]) expect(earlyAnswer(method, "/imports"), method).toBeNull();
  });

  it("answers a path whose escapes do not decode with a 404, and leaves the query to the page", () => {
    for (const path of ["/imports/%ZZ", "/%E0%A4%A", "/a%"]) expect(earlyAnswer("GET", path)?.status, path).toBe(404);
    for (const path of ["/imports/%20x", "/sign-in?next=%ZZ", "/events?email=a%40b"]) expect(earlyAnswer("GET", path), path).toBeNull();
  });
});
