import { packRowsText } from "@/lib/contract/staged-rows";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { DESTINATION_NAMES } from "@/lib/contract/destination";
import { forgetEnv } from "@/lib/env";
import type { ActionAccess } from "@/lib/server/action";
import { ADMINS_ONLY, NOT_SIGNED_IN } from "@/lib/server/auth/current";
import { createSession } from "@/lib/server/auth/sessions";
import { createUser, type User } from "@/lib/server/auth/users";
import type { Database } from "@/lib/server/db/client";
import { openTestDb } from "@/lib/server/testing/temp-db";

/**
 * Every server action of the app in one table, with who may call it and what it reaches, checked
 * against the actions the app really exports: a new action fails this test until it is listed here.
 * The request the actions see is mocked (its Origin and session cookie); everything behind it is real.
 */
const request = vi.hoisted(() => ({ session: null as string | null }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }),
  cookies: async () => ({
    get: (name: string) => (name === "backfill_session" && request.session ? { name, value: request.session } : undefined),
    set: () => undefined,
    delete: () => undefined,
  }),
}));

/**
 * What an action reaches beyond its caller: nothing (the caller's own account, session or files),
 * the configured destination or store as a whole, other accounts, or one import that its input
 * names, which must then be its creator's (or, for an admin, any) through the action's scope.
 */
type Reach = "caller" | "configured" | "accounts" | "import";
type Target = { importId: string; token: string };
type Entry = {
  role: ActionAccess["role"];
  reach: Reach;
  /** The input that points the action at this import: for reach "import". */
  on?: (target: Target) => unknown;
  /** A plain function for a form, around an action listed here: checked through that action. */
  wraps?: string;
};

const ACTIONS: Record<string, Entry> = {
  "sign-in/actions.ts signIn": { role: "none", reach: "caller" },
  "sign-in/actions.ts signOutAndLeave": { role: "none", reach: "caller", wraps: "ends the session of the browser that sends it, and nothing else" },
  "account/actions.ts changePassword": { role: "user", reach: "caller" },
  "account/actions.ts signOutEverywhere": { role: "user", reach: "caller" },
  "admin/actions.ts testConnection": { role: "admin", reach: "configured" },
  "admin/actions.ts previewYespoDelete": { role: "admin", reach: "configured" },
  "admin/actions.ts deleteYespoEvents": { role: "admin", reach: "configured" },
  "admin/users/actions.ts addUser": { role: "admin", reach: "accounts" },
  "admin/users/actions.ts resetPassword": { role: "admin", reach: "accounts" },
  "admin/users/actions.ts setRole": { role: "admin", reach: "accounts" },
  "admin/users/actions.ts removeUser": { role: "admin", reach: "accounts" },
  "events/actions.ts previewEventDelete": { role: "admin", reach: "configured" },
  "events/actions.ts deleteEventRange": { role: "admin", reach: "configured" },
  "imports/actions.ts createImport": { role: "user", reach: "caller" },
  "imports/actions.ts stageRows": {
    role: "user", reach: "import",
    on: (target) => ({ ...target, seq: 0, rows: packRowsText([{ row: 2, email: "a@example.com", event_name: "signup", time: "2024-01-01", params: {} }]) }),
  },
  "imports/actions.ts commitImport": { role: "user", reach: "import", on: (target) => target },
  "imports/discard-action.ts discardImport": { role: "user", reach: "import", on: ({ importId }) => ({ importId }) },
  "imports/discard-action.ts discardUpload": { role: "user", reach: "import", on: (target) => target },
  "imports/cancel-action.ts cancelImport": { role: "user", reach: "import", on: ({ importId }) => ({ importId }) },
  "imports/[id]/actions.ts sendUndeliveredAgain": { role: "user", reach: "import", on: ({ importId }) => ({ importId }) },
  "imports/new/ledger-actions.ts findAlreadyDelivered": { role: "user", reach: "configured" },
  "imports/choices-actions.ts findRememberedChoices": { role: "user", reach: "configured" },
  "imports/continue-actions.ts findUnfinishedUpload": { role: "user", reach: "caller" },
  "imports/continue-actions.ts continueUpload": { role: "user", reach: "import", on: ({ importId }) => ({ importId, fingerprint: "0123456789abcdef-100" }) },
};

/** Names in an input that would let a caller say where data goes, or read it from. */
const SAYS_WHERE = /url|uri|href|host|endpoint|webhook|destination|address_?book|callback/i;

/**
 * A `destination` property that may only name one of the configured destinations (decision 012):
 * nothing but the list of names, so that no value can say where the events go.
 */
function withoutDestinationNames(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDestinationNames);
  if (!schema || typeof schema !== "object") return schema;
  return Object.fromEntries(Object.entries(schema).flatMap(([key, value]) => {
    if (key !== "properties" || !value || typeof value !== "object") return [[key, withoutDestinationNames(value)]];
    const properties = Object.entries(value).filter(([name, property]) =>
      !(name === "destination" && JSON.stringify(property) === JSON.stringify({ type: "string", enum: [...DESTINATION_NAMES] })));
    return [[key, withoutDestinationNames(Object.fromEntries(properties))]];
  }));
}

type Callable = ((input?: unknown) => Promise<{ ok: boolean; error?: string }>) & { access?: ActionAccess };

const app = fileURLToPath(new URL("./", import.meta.url));
const found = new Map<string, Callable>();
let database: Database;
let dispose: () => Promise<void>;
let ann: User;
let bob: User;
const sessions = new Map<string, string>();
const as = (user: User | null) => (request.session = user ? sessions.get(user.id)! : null);

/** The files that start with "use server": every export of theirs is a server action. */
function actionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return actionFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes(".test.") && /^\s*["']use server["']/.test(readFileSync(path, "utf8")) ? [path] : [];
  });
}

/** Every property name and string format anywhere in an input, as JSON Schema has them. */
function namesAndFormats(schema: unknown, into: string[] = []): string[] {
  if (Array.isArray(schema)) schema.forEach((part) => namesAndFormats(part, into));
  else if (schema && typeof schema === "object") {
    for (const [key, value] of Object.entries(schema)) {
      if (key === "properties" && value && typeof value === "object") into.push(...Object.keys(value));
      if (key === "format" && typeof value === "string") into.push(`format:${value}`);
      namesAndFormats(value, into);
    }
  }
  return into;
}

const accessOf = (key: string) => found.get(key)!.access!;
const entries = (reach?: Reach) => Object.entries(ACTIONS).filter(([, entry]) => !entry.wraps && (!reach || entry.reach === reach));

beforeAll(async () => {
  process.env.APP_URL = "http://127.0.0.1:3000";
  forgetEnv();
  ({ database, dispose } = await openTestDb());
  ann = await createUser(database.sql, { email: "ann.access@example.com", password: "ann's password", role: "member" });
  bob = await createUser(database.sql, { email: "bob.access@example.com", password: "bob's password", role: "member" });
  for (const user of [ann, bob]) sessions.set(user.id, (await createSession(database.sql, user.id, 1)).token);
  for (const file of actionFiles(app)) {
    const exports = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) if (typeof value === "function") found.set(`${relative(app, file)} ${name}`, value as Callable);
  }
}, 60_000);
afterAll(async () => {
  delete process.env.APP_URL;
  forgetEnv();
  await dispose();
});

describe("every server action", () => {
  it("is listed with who may call it and what it reaches, and goes through action()", () => {
    expect([...found.keys()].sort()).toEqual(Object.keys(ACTIONS).sort());
    for (const [key, entry] of entries()) {
      expect(accessOf(key), key).toBeDefined();
      expect(accessOf(key).role, key).toBe(entry.role);
    }
  });

  it("takes no URL, host or destination but a configured one's name: those come from configuration only", () => {
    for (const [key] of entries()) {
      const input = accessOf(key).input;
      if (!input) continue;
      const names = namesAndFormats(withoutDestinationNames(z.toJSONSchema(input, { io: "input", unrepresentable: "any" })));
      expect(names.filter((name) => SAYS_WHERE.test(name) || name === "format:uri"), key).toEqual([]);
    }
  });

  it("that names an import reaches it only through a scope: the import's creator's, or an admin's", () => {
    for (const [key, entry] of entries()) {
      const input = accessOf(key).input;
      const names = input ? namesAndFormats(z.toJSONSchema(input, { io: "input", unrepresentable: "any" })) : [];
      if (names.includes("importId")) expect(entry.reach, key).toBe("import");
      if (entry.reach === "import") expect(accessOf(key).scope, key).toBeDefined();
    }
  });

  it("refuses a caller without a session, but signing in", async () => {
    as(null);
    for (const [key, entry] of entries()) {
      if (entry.role === "none") continue;
      expect(await found.get(key)!({}), key).toEqual({ ok: false, error: NOT_SIGNED_IN });
    }
  });

  it("of an admin refuses a member before doing anything", async () => {
    as(ann);
    for (const [key, entry] of entries()) {
      if (entry.role === "admin") expect(await found.get(key)!({}), key).toEqual({ ok: false, error: ADMINS_ONLY });
    }
  });

  it("on an import refuses another member, as if the import did not exist, and changes nothing", async () => {
    const createImport = found.get("imports/actions.ts createImport")!;
    as(ann);
    const created = (await createImport({
      fileName: "ann.csv", columns: { email: "email", event_name: "event_name", time: "time", params: [] },
      timeZone: "UTC", triggerCampaigns: false, fileBytes: 100, rows: 1, destination: "builtin",
    })) as { ok: true; importId: string; token: string };
    expect(created.ok).toBe(true);
    const state = () => database.sql.query(`SELECT status, total, (SELECT count(*)::int FROM staged_rows WHERE import_id = $1) AS staged FROM imports WHERE id = $1`, [created.importId]);
    const before = await state();
    as(bob);
    const checked: string[] = [];
    for (const [key, entry] of entries("import")) {
      // Bob holds the import's id and even its token: neither makes the import his.
      expect(await found.get(key)!(entry.on!({ importId: created.importId, token: created.token })), key).toEqual({ ok: false, error: accessOf(key).scope!.refusal });
      checked.push(key);
    }
    expect(checked.length).toBeGreaterThanOrEqual(4);
    expect(await state()).toEqual(before);
  });

  it("that starts an import sends it to a configured destination only, whatever else the browser names", async () => {
    as(ann);
    const call = (extra: Record<string, unknown>) => found.get("imports/actions.ts createImport")!({
      fileName: "where.csv", columns: { email: "email", event_name: "event_name", time: "time", params: [] },
      timeZone: "UTC", triggerCampaigns: false, fileBytes: 100, rows: 1, ...extra,
    });
    const before = await database.sql.query(`SELECT count(*)::int AS n FROM imports`);
    // The webhook is not configured here; a place is not a destination's name; and a name is required.
    expect(await call({ destination: "webhook" })).toEqual({ ok: false, error: 'The destination "webhook" is not configured here: imports can go to Built-in event store.' });
    expect(await call({ destination: "https://evil.example/collect" })).toMatchObject({ ok: false });
    expect(await call({})).toMatchObject({ ok: false });
    expect(await database.sql.query(`SELECT count(*)::int AS n FROM imports`)).toEqual(before);
    const created = (await call({ destination: "builtin", url: "https://evil.example/collect", webhookUrl: "https://evil.example/collect" })) as { ok: true; importId: string };
    expect(created.ok).toBe(true);
    const [stored] = await database.sql.query<{ destination: string }>(`SELECT destination FROM imports WHERE id = $1`, [created.importId]);
    expect(stored.destination).toBe("builtin");
  });
});
