import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadStagingHashers } from "@/lib/events/dedup";
import { createSession } from "@/lib/server/auth/sessions";
import { createUser } from "@/lib/server/auth/users";
import type { Database } from "@/lib/server/db/client";
import { createImport, markQueued } from "@/lib/server/imports/lifecycle";
import { runImport } from "@/lib/server/imports/run-import";
import { packRows, stagedBatchSchema, unpackRows } from "@/lib/contract/staged-rows";
import { stageRows } from "@/lib/server/imports/stage";
import { openTestDb } from "@/lib/server/testing/temp-db";
import { throughActionTransport } from "@/lib/testing/action-transport";
import { GET } from "./route";

// The session cookie the route reads; everything behind it is real.
const request = vi.hoisted(() => ({ token: undefined as string | undefined }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: () => (request.token ? { value: request.token } : undefined) }),
}));

let database: Database;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ database, dispose } = await openTestDb());
});
afterAll(() => dispose());

describe("the rejected rows' CSV", () => {
  it("is kept out of every cache, and writes a __proto__ column as its own text", async () => {
    const user = await createUser(database.sql, { email: "ann@example.com", password: "ann's password 1", role: "member" });
    request.token = (await createSession(database.sql, user.id, 1)).token;
    const columns = { email: "email", event_name: "event_name", time: "time", params: ["__proto__"] };
    const { importId } = await createImport(database.sql, {
      fileName: "proto.csv", columns, timeZone: "UTC", triggerCampaigns: false, notifyEmail: user.email, destination: "builtin", createdBy: user.id,
    });
    // As the stageRows action receives it: through React's transport, checked with the server's schema.
    const params = JSON.parse('{"__proto__":"kept as text"}') as Record<string, string>;
    const [batch] = await throughActionTransport([packRows([{ row: 2, email: "broken", event_name: "signup", time: "2021-02-03", params }])]);
    const rows = unpackRows(stagedBatchSchema.parse(batch));
    await stageRows(database.sql, await loadStagingHashers(), { importId, seq: 0, rows, timeZone: "UTC" });
    await markQueued(database.sql, importId);
    await runImport(database.sql, importId);

    const response = await GET(new Request("http://127.0.0.1:3000/x"), { params: Promise.resolve({ id: importId }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const text = await response.text();
    // The BOM that Excel needs is gone from the decoded text.
    expect(text.split("\r\n")[0]).toBe("email,event_name,time,__proto__,row_number,rejection_reason");
    expect(text.split("\r\n")[1]).toMatch(/^broken,signup,2021-02-03,kept as text,2,/);
  });
});
