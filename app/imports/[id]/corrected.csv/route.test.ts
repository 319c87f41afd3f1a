import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadStagingHashers } from "@/lib/events/dedup";
import { createSession } from "@/lib/server/auth/sessions";
import { createUser } from "@/lib/server/auth/users";
import type { Database } from "@/lib/server/db/client";
import { createImport, markQueued } from "@/lib/server/imports/lifecycle";
import { runImport } from "@/lib/server/imports/run-import";
import { stageRows } from "@/lib/server/imports/stage";
import { openTestDb } from "@/lib/server/testing/temp-db";
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

const get = (id: string) => GET(new Request("http://127.0.0.1:3000/x"), { params: Promise.resolve({ id }) });

describe("the corrected file of an import", () => {
  it("holds every row as staged, fixes and rejected rows included, JSON as JSON text, page after page, for its owner only", async () => {
    const ann = await createUser(database.sql, { email: "ann@example.com", password: "ann's password 1", role: "member" });
    const bob = await createUser(database.sql, { email: "bob@example.com", password: "bob's password 1", role: "member" });
    const columns = { email: "Email", event_name: "event_name", time: "Placed", params: ["items", "note"] };
    const { importId } = await createImport(database.sql, {
      fileName: "shop orders.csv", columns, timeZone: "UTC", triggerCampaigns: false, notifyEmail: ann.email, destination: "builtin",
      createdBy: ann.id, jsonParams: ["items"],
    });
    const rows = Array.from({ length: 5_003 }, (_, i) => ({
      row: i + 2, email: i === 1 ? "broken" : `buyer${i}@example.com`, event_name: "order", time: "2024-01-15 10:00",
      params: { items: '[{"name":"Mug","qty":2}]', note: i === 2 ? "=1+1" : "" },
    }));
    const hashers = await loadStagingHashers();
    for (let seq = 0; seq * 500 < rows.length; seq++) {
      await stageRows(database.sql, hashers, { importId, seq, rows: rows.slice(seq * 500, (seq + 1) * 500), timeZone: "UTC", jsonParams: ["items"] });
    }
    await markQueued(database.sql, importId);
    await runImport(database.sql, importId);

    request.token = (await createSession(database.sql, bob.id, 1)).token;
    expect((await get(importId)).status).toBe(404);
    request.token = (await createSession(database.sql, ann.id, 1)).token;
    const response = await get(importId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="shop_orders-corrected.csv"');
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const lines = (await response.text()).split("\r\n");
    expect(lines.slice(0, 4)).toEqual([
      "Email,event_name,Placed,items,note",
      'buyer0@example.com,order,2024-01-15 10:00,"[{""name"":""Mug"",""qty"":2}]",',
      'broken,order,2024-01-15 10:00,"[{""name"":""Mug"",""qty"":2}]",',
      `buyer2@example.com,order,2024-01-15 10:00,"[{""name"":""Mug"",""qty"":2}]","'=1+1"`,
    ]);
    expect(lines).toHaveLength(5_004);
    expect(lines.at(-1)).toMatch(/^buyer5002@example.com,/);
  });
});
