import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

/**
 * `backfill user …` as an operator runs it on the server, on its own embedded database (the web
 * server stopped): account recovery, removal and roles, the last admin always kept.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "backfill-user-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function backfill(args: string[], input = ""): { status: number | null; out: string } {
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", "user", ...args], {
    cwd: root,
    input,
    encoding: "utf8",
    env: { ...process.env, DATA_DIR: join(dir, "data"), DATABASE_URL: "" },
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))("backfill user", () => {
  it("adds, changes the role of, gives a new password to, and removes accounts, never the last admin", () => {
    expect(backfill(["add", "boss@example.com", "--admin"], "boss password 1\n")).toMatchObject({ status: 0, out: "Added boss@example.com as an admin.\n" });
    expect(backfill(["add", "ann@example.com"], "ann's password 1\n").status).toBe(0);

    expect(backfill(["role", "boss@example.com", "member"])).toMatchObject({ status: 1, out: expect.stringContaining("This is the only admin") });
    expect(backfill(["role", "ann@example.com", "owner"])).toMatchObject({ status: 2, out: expect.stringContaining("Usage:") });
    expect(backfill(["role", "ann@example.com", "admin"])).toMatchObject({ status: 0, out: "ann@example.com is now an admin.\n" });
    expect(backfill(["role", "boss@example.com", "member"])).toMatchObject({ status: 0, out: "boss@example.com is now a member.\n" });

    expect(backfill(["passwd", "ann@example.com"], "short\n")).toMatchObject({ status: 2, out: "A password has at least 12 characters.\n" });
    expect(backfill(["passwd", "ANN@example.com"], "a recovered password\n")).toMatchObject({ status: 0, out: "ann@example.com has a new password; their sessions have ended.\n" });

    expect(backfill(["remove", "boss@example.com"])).toMatchObject({ status: 0, out: "Removed boss@example.com; their imports stay.\n" });
    expect(backfill(["list"]).out).toBe("ann@example.com\tadmin\n");
  }, 300_000);
});
