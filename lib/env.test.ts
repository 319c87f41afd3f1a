import { afterEach, describe, expect, it } from "vitest";
import { defaultAppUrl, env, forgetEnv } from "./env";

const saved = { APP_URL: process.env.APP_URL, HOST: process.env.HOST, PORT: process.env.PORT };

function configure(values: Partial<Record<keyof typeof saved, string | undefined>>) {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  forgetEnv();
}

afterEach(() => configure(saved));

describe("APP_URL", () => {
  it("follows PORT when not set, so that the start message and report links name the real port", () => {
    configure({ APP_URL: undefined, HOST: undefined, PORT: "3311" });
    expect(env().APP_URL).toBe("http://127.0.0.1:3311");
  });

  it("follows HOST, and reaches a server listening on every interface through loopback", () => {
    configure({ APP_URL: undefined, HOST: "localhost", PORT: "8080" });
    expect(env().APP_URL).toBe("http://localhost:8080");
    expect(defaultAppUrl("0.0.0.0", 3000)).toBe("http://127.0.0.1:3000");
    expect(defaultAppUrl("::1", 3000)).toBe("http://[::1]:3000");
  });

  it("is what the variable says when it is set", () => {
    configure({ APP_URL: "https://backfill.example.com", HOST: undefined, PORT: "3311" });
    expect(env().APP_URL).toBe("https://backfill.example.com");
  });
});
