import "server-only";
import type { ParamValue } from "@/lib/events/json-params";

/** One event on its way out, with the row it came from so that its outcome can be recorded. */
export type OutboundEvent = {
  rowNumber: number;
  dedupKey: string;
  email: string;
  eventName: string;
  occurredMs: number;
  /** Text, or JSON for the parameters of a JSON column. */
  params: Record<string, ParamValue>;
};

/**
 * One event's end. `stored` marks a rejected event that the destination keeps all the same (saved in
 * Yespo's history, but refused as a live event): the ledger records it, so it is never sent again.
 */
export type EventOutcome =
  | { rowNumber: number; state: "delivered" }
  | { rowNumber: number; state: "duplicate" | "rejected"; reason: string; stored?: boolean };

/**
 * A request the destination refused as a whole (a 400 for what may be one bad event among many):
 * the events it carried, and the destination's words. The forwarder splits it to find the bad ones.
 */
export type RefusedRequest = { events: OutboundEvent[]; reason: string };

/**
 * What sending a batch came to. `done` gives the outcome of every event outside `refused` (a
 * destination that rejects some events of a batch still delivers the rest); `retry` means nothing
 * was decided and the same batch may be sent again: a timeout, 429 or 5xx; `failed` means no retry
 * would help (a redirect): the import stops, and its undelivered rows can be sent again later.
 */
export type SendResult =
  | { kind: "done"; outcomes: EventOutcome[]; refused?: RefusedRequest[] }
  | { kind: "retry"; reason: string; retryAfterMs: number | null; throttled?: boolean }
  | { kind: "failed"; reason: string };

/** `done` for a batch: every event's outcome in the batch's order, but for those of the refused requests. */
export function doneWith(batch: OutboundEvent[], outcomes: Map<number, EventOutcome>, refused: RefusedRequest[]): SendResult {
  const inRefused = new Set(refused.flatMap((request) => request.events.map((event) => event.rowNumber)));
  const decided = batch.filter((event) => !inRefused.has(event.rowNumber)).map((event) => outcomes.get(event.rowNumber)!);
  return { kind: "done", outcomes: decided, ...(refused.length > 0 ? { refused } : {}) };
}

/**
 * A batch parted before sending: the events the platform's rule refuses, rejected at once with the
 * reason ("Not sent to Segment: …"), and those to send.
 */
export function setAsideRefused(
  batch: OutboundEvent[], label: string, problemOf: (event: OutboundEvent) => string | null,
): { outcomes: Map<number, EventOutcome>; sendable: OutboundEvent[] } {
  const outcomes = new Map<number, EventOutcome>();
  const sendable: OutboundEvent[] = [];
  for (const event of batch) {
    const problem = problemOf(event);
    if (problem) outcomes.set(event.rowNumber, { rowNumber: event.rowNumber, state: "rejected", reason: `Not sent to ${label}: ${problem}` });
    else sendable.push(event);
  }
  return { outcomes, sendable };
}

export type SendContext = {
  importId: string;
  triggerCampaigns: boolean;
  /** The reserved parameter columns the import recorded as kept on purpose: no other reserved one is sent. */
  keptReserved?: readonly string[];
};

/** What a harmless authenticated request to a destination said, for the admin page. */
export type ConnectionCheck = { ok: boolean; message: string };

export type Destination = {
  /** Shown to users: "Built-in event store", "Yespo". */
  label: string;
  /**
   * Who receives the events: the kind and the account (its base URL and a hash of its key or site
   * id, never the secret itself). The ledger of delivered events is kept under it.
   */
  identity: string;
  send(batch: OutboundEvent[], context: SendContext): Promise<SendResult>;
  /** Present when the platform has a request that proves the credentials without changing anything. */
  testConnection?(): Promise<ConnectionCheck>;
  /** Present when the platform can create the contacts of an import's events before them (Yespo). */
  contacts?: ContactsApi;
};

/** An answer that settles nothing: ask again later (a timeout, 429 or 5xx), or stop (a redirect). */
export type Unsettled = { kind: "retry"; reason: string; retryAfterMs: number | null; throttled?: boolean } | { kind: "failed"; reason: string };

/**
 * A platform's asynchronous creation of contacts: `start` sends up to `maxPerRequest` addresses and
 * names the session that creates them; `status` tells whether that session still runs or how it
 * ended: the addresses it failed, each with the platform's words (`refused`: the request itself was
 * refused, every address with those words).
 */
export type ContactsApi = {
  maxPerRequest: number;
  start(emails: string[]): Promise<{ kind: "started"; sessionId: string } | { kind: "refused"; reason: string } | Unsettled>;
  status(sessionId: string, emails: string[]): Promise<
    | { kind: "running"; status: string }
    | { kind: "finished"; failures: Record<string, string> }
    | { kind: "refused"; reason: string }
    | Unsettled
  >;
};
