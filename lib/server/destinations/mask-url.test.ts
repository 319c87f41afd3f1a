import { describe, expect, it } from "vitest";
import { maskUrl } from "./mask-url";

describe("a destination URL on the admin page", () => {
  it("hides query values, user:password@ and random path segments, like the keys", () => {
    expect(maskUrl("https://hooks.example.com/backfill?token=abcdef0123456789&team=x")).toBe("https://hooks.example.com/backfill?token=••••6789&team=••••");
    expect(maskUrl("https://user:s3cret-password-42@hooks.example.com:8443/in")).toBe("https://••••:••••d-42@hooks.example.com:8443/in");
    expect(maskUrl("https://hooks.example.com/services/T0123/B0456/Xy7kQ2mN9pR4sT6vW8")).toBe("https://hooks.example.com/services/T0123/B0456/••••6vW8");
    expect(maskUrl("https://yespo.io/api")).toBe("https://yespo.io/api");
    expect(maskUrl("http://127.0.0.1:4010/hooks/backfill#frag")).toBe("http://127.0.0.1:4010/hooks/backfill#••••");
  });
});
