import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { servingProblem } from "@/lib/env";

const root = fileURLToPath(new URL("../../", import.meta.url));

describe("serving other machines", () => {
  it("needs an https APP_URL that is not this machine's loopback, or an explicit ALLOW_INSECURE_HTTP", () => {
    const base = { ALLOW_INSECURE_HTTP: false };
    expect(servingProblem({ ...base, HOST: "127.0.0.1", APP_URL: "http://127.0.0.1:3000" })).toBeNull();
    expect(servingProblem({ ...base, HOST: "::1", APP_URL: "http://[::1]:3000" })).toBeNull();
    expect(servingProblem({ ...base, HOST: "0.0.0.0", APP_URL: "https://backfill.example.com" })).toBeNull();
    expect(servingProblem({ ...base, HOST: "0.0.0.0", APP_URL: "http://127.0.0.1:3000" })).toMatchObject({ refuse: true, message: expect.stringContaining("this machine's own address") });
    expect(servingProblem({ ...base, HOST: "10.0.0.5", APP_URL: "http://backfill.example.com" })).toMatchObject({ refuse: true, message: expect.stringContaining("plain http") });
    expect(servingProblem({ HOST: "0.0.0.0", APP_URL: "http://backfill.example.com", ALLOW_INSECURE_HTTP: true })).toMatchObject({ refuse: false, message: expect.stringContaining("Served anyway because ALLOW_INSECURE_HTTP=true") });
  });

  it("`npm start` refuses before building anything", () => {
    const started = spawnSync(process.execPath, ["--import", "tsx", "lib/cli/start.ts"], {
      cwd: root, encoding: "utf8", env: { ...process.env, HOST: "0.0.0.0", APP_URL: "http://0.0.0.0:3000", ALLOW_INSECURE_HTTP: "" }, timeout: 60_000,
    });
    expect(started.status).toBe(1);
    expect(started.stderr).toContain("Backfill will not start: APP_URL is http://0.0.0.0:3000, plain http, but HOST 0.0.0.0 serves other machines");
    expect(started.stdout).not.toContain("Building");
  }, 90_000);
});
