import { z } from "zod";

/**
 * Yespo/eSputnik's contacts API, the part an import of events needs, as documented:
 * - "Add contacts" (docs.yespo.io/reference/addcontacts-1; "Adding New Contacts",
 *   docs.yespo.io/docs/adding-new-users; "Uploading Mobile Token Base",
 *   docs.yespo.io/docs/uploading-mobile-token-base): `POST /v1/contacts` with `contacts` (each with its
 *   `channels`) and `dedupeOn`, both required, up to 3,000 contacts a request; it creates a contact or
 *   updates the one with the same `dedupeOn` value, and is processed asynchronously: the answer carries
 *   an `asyncSessionId`.
 * - "Get contacts import status" (`GET /v1/importstatus/{sessionId}`): the session's `status`, STARTED
 *   and IMPORTING while it runs, then FINISHED, or ERROR with a `description`; a finished session's
 *   `mapping` lists the contacts it created or updated (Yespo's own WordPress integration reads it so).
 *
 * Where the documentation is silent, the stricter reading: unknown fields refuse the request (400), so do
 * two contacts with the same email in one request and a contact without the channel it is deduplicated
 * on; a contact Yespo cannot take (an address it does not accept) does not refuse the request but is
 * missing from `mapping` and listed in the finished session's `errors` with Yespo's words; a session
 * takes a while (`sessionMs`), and its status is the only way to learn how it ended.
 */
export const MAX_CONTACTS_PER_REQUEST = 3_000;
/** Stricter than RFC 5322, as a platform that sends mail to the address is. */
const DELIVERABLE = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

const channel = z.object({ type: z.enum(["email", "sms", "mobilepush", "webpush", "viber", "telegram"]), value: z.string().min(1) }).strict();
const contact = z
  .object({ channels: z.array(channel).min(1), firstName: z.string().max(40).optional(), lastName: z.string().max(40).optional(), externalCustomerId: z.string().optional() })
  .strict();

export const addContactsSchema = z
  .object({
    contacts: z.array(contact).min(1).max(MAX_CONTACTS_PER_REQUEST),
    dedupeOn: z.enum(["email", "sms", "externalCustomerId", "id"]),
    contactFields: z.array(z.string()).optional(),
    customFieldsIDs: z.array(z.number().int()).optional(),
    groupNames: z.array(z.string()).optional(),
    restoreDeleted: z.boolean().optional(),
    eventKeyForNewContacts: z.string().optional(),
  })
  .strict()
  .superRefine((body, context) => {
    if (body.dedupeOn !== "email") return;
    const seen = new Set<string>();
    body.contacts.forEach((one, index) => {
      const email = emailOf(one);
      if (email === null) context.addIssue({ code: "custom", path: ["contacts", index], message: "no email channel to deduplicate on" });
      else if (seen.has(email.toLowerCase())) context.addIssue({ code: "custom", path: ["contacts", index], message: `${email} appears twice` });
      else seen.add(email.toLowerCase());
    });
  });

export type AddContacts = z.infer<typeof addContactsSchema>;
export type ContactsSessionStatus = "STARTED" | "IMPORTING" | "FINISHED" | "ERROR";

function emailOf(one: z.infer<typeof contact>): string | null {
  return one.channels.find((entry) => entry.type === "email")?.value ?? null;
}

type Session = {
  id: string;
  startedAt: number;
  emails: string[];
  polls: number;
  result?: { mapping: { email: string; contactId: number }[]; errors: { email: string; description: string }[] };
};

export type ContactsOptions = {
  /** How long a session runs before it finishes. */
  sessionMs?: number;
  /** Addresses the account refuses as contacts, with Yespo's words for each. */
  refuse?: Record<string, string>;
  /** A session of these addresses ends in ERROR with this description. */
  failSessionsWith?: string;
};

/** The account's contacts and the sessions that create them. */
export class YespoContacts {
  /** Every contact the account holds, by email (lowercase), with when it came to exist. */
  readonly contacts = new Map<string, { id: number; createdAt: number }>();
  readonly sessions = new Map<string, Session>();
  readonly counts = { requests: 0, polls: 0 };
  private nextId = 1;

  constructor(private readonly options: ContactsOptions = {}) {}

  /** `POST /v1/contacts`, its body already checked: a new session. */
  add(body: AddContacts, now = Date.now()): { asyncSessionId: string } {
    this.counts.requests++;
    const id = `session-${this.sessions.size + 1}-${Math.random().toString(36).slice(2, 8)}`;
    this.sessions.set(id, { id, startedAt: now, emails: body.contacts.map((one) => emailOf(one)!), polls: 0 });
    return { asyncSessionId: id };
  }

  /** `GET /v1/importstatus/{sessionId}`: null for a session it never started. */
  status(sessionId: string, now = Date.now()) {
    const session = this.sessions.get(sessionId);
    if (!session) return null;
    this.counts.polls++;
    session.polls++;
    const elapsed = now - session.startedAt;
    const sessionMs = this.options.sessionMs ?? 200;
    if (elapsed < sessionMs / 2) return { status: "STARTED" as const };
    if (elapsed < sessionMs) return { status: "IMPORTING" as const };
    if (this.options.failSessionsWith) return { status: "ERROR" as const, description: this.options.failSessionsWith };
    return { status: "FINISHED" as const, ...this.settle(session) };
  }

  /** A session's end, once: its contacts created or updated, those it could not take with the reason. */
  private settle(session: Session) {
    if (session.result) return session.result;
    const mapping: { email: string; contactId: number }[] = [];
    const errors: { email: string; description: string }[] = [];
    for (const email of session.emails) {
      const refusal = this.options.refuse?.[email] ?? (DELIVERABLE.test(email) ? null : `${email} is not a valid email address`);
      if (refusal) {
        errors.push({ email, description: refusal });
        continue;
      }
      const key = email.toLowerCase();
      if (!this.contacts.has(key)) this.contacts.set(key, { id: this.nextId++, createdAt: session.startedAt + (this.options.sessionMs ?? 200) });
      mapping.push({ email, contactId: this.contacts.get(key)!.id });
    }
    session.result = { mapping, errors };
    return session.result;
  }

  /** Whether the address was a contact at that moment: past events are assigned only to contacts that exist. */
  existedAt(email: string, at: number): boolean {
    const sessionMs = this.options.sessionMs ?? 200;
    for (const session of this.sessions.values()) if (!this.options.failSessionsWith && at - session.startedAt >= sessionMs) this.settle(session);
    const held = this.contacts.get(email.toLowerCase());
    return held !== undefined && held.createdAt <= at;
  }
}
