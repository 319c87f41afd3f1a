import "server-only";
import { z } from "zod";
import { refusalReason, type HttpOutcome } from "./http";
import type { ContactsApi } from "./types";

/** "Add contacts" (docs.yespo.io/docs/adding-new-users): up to 3,000 contacts a request. */
export const YESPO_CONTACTS_PER_REQUEST = 3_000;
const LABEL = "Yespo";
/** The most of Yespo's words about one contact that a row's reason carries. */
const WORDS_LIMIT = 300;

type Send = (method: "GET" | "POST", path: string, body?: unknown) => Promise<HttpOutcome>;

const startedSchema = z.object({ asyncSessionId: z.string().min(1) });
const statusSchema = z.object({
  status: z.string(),
  description: z.string().nullish(),
  mapping: z.array(z.object({ email: z.string().nullish() }).loose()).nullish(),
  errors: z.array(z.object({ email: z.string().nullish(), description: z.string().nullish() }).loose()).nullish(),
});

function parsed<T>(schema: z.ZodType<T>, body: string): T | null {
  try {
    const result = schema.safeParse(JSON.parse(body));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/** Yespo's words about a contact as a row's reason: its events were not sent, and why. */
export function contactRefusalReason(words: string): string {
  return `Not sent to Yespo: the contact could not be created (${words.slice(0, WORDS_LIMIT)}), and Yespo assigns past events only to contacts that exist.`;
}

/**
 * Yespo's contacts API for the contacts step (lib/server/imports/contacts-first.ts): `POST /v1/contacts`
 * with the addresses as email channels, deduplicated on email, which answers with an asynchronous
 * session; `GET /v1/importstatus/{sessionId}` until it is FINISHED (the contacts it holds are in
 * `mapping`; one missing from it failed, with its words from `errors` when Yespo gives them) or ERROR.
 * Each request goes through `send`: the account's request budget and callPlatform's outcomes.
 */
export function yespoContactsApi(send: Send): ContactsApi {
  return {
    maxPerRequest: YESPO_CONTACTS_PER_REQUEST,
    async start(emails) {
      const body = { contacts: emails.map((email) => ({ channels: [{ type: "email", value: email }] })), dedupeOn: "email" };
      const answer = await send("POST", "/v1/contacts", body);
      if (answer.kind === "retry" || answer.kind === "failed") return answer;
      if (answer.kind === "refused") return { kind: "refused", reason: refusalReason(LABEL, answer.status, answer.body) };
      const started = parsed(startedSchema, answer.body);
      if (!started) return { kind: "failed", reason: `Yespo answered the contacts request without an import session: ${answer.body.slice(0, WORDS_LIMIT)}` };
      return { kind: "started", sessionId: started.asyncSessionId };
    },
    async status(sessionId, emails) {
      const answer = await send("GET", `/v1/importstatus/${encodeURIComponent(sessionId)}`);
      if (answer.kind === "retry" || answer.kind === "failed") return answer;
      if (answer.kind === "refused") return { kind: "refused", reason: refusalReason(LABEL, answer.status, answer.body) };
      const state = parsed(statusSchema, answer.body);
      if (!state) return { kind: "failed", reason: `Yespo answered the contacts session's status in a form Backfill does not know: ${answer.body.slice(0, WORDS_LIMIT)}` };
      if (state.status === "ERROR") {
        const words = state.description || "the import session ended in ERROR";
        return { kind: "finished", failures: Object.fromEntries(emails.map((email) => [email.toLowerCase(), words])) };
      }
      if (state.status !== "FINISHED") return { kind: "running", status: state.status };
      const failures: Record<string, string> = {};
      for (const error of state.errors ?? []) {
        if (error.email) failures[error.email.toLowerCase()] = error.description || "Yespo did not create this contact";
      }
      if (state.mapping) {
        const held = new Set(state.mapping.map((entry) => entry.email?.toLowerCase()));
        for (const email of emails) {
          const key = email.toLowerCase();
          if (!held.has(key)) failures[key] ??= state.description || "Yespo did not create this contact";
        }
      }
      return { kind: "finished", failures };
    },
  };
}
