import "server-only";
import type { ParamValue } from "@/lib/events/json-params";

/** The most events a destination receives in one request: Yespo/eSputnik's `past_events` limit. */
export const MAX_BATCH_EVENTS = 500;

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

export type EventOutcome =
  | { rowNumber: number; state: "delivered" | "duplicate" }
  | { rowNumber: number; state: "rejected"; reason: string };

/**
 * What sending a batch came to. `done` gives every event's outcome (a destination that rejects some
 * events of a batch still delivers the rest); `retry` means nothing was decided and the same batch
 * may be sent again: a timeout, 429 or 5xx.
 */
export type SendResult =
  | { kind: "done"; outcomes: EventOutcome[] }
  | { kind: "retry"; reason: string; retryAfterMs: number | null };

export type SendContext = { importId: string; triggerCampaigns: boolean };

/** What a harmless authenticated request to a destination said, for the admin page. */
export type ConnectionCheck = { ok: boolean; message: string };

export type Destination = {
  /** Shown to users: "Built-in event store", "Yespo". */
  label: string;
  send(batch: OutboundEvent[], context: SendContext): Promise<SendResult>;
  /** Present when the platform has a request that proves the credentials without changing anything. */
  testConnection?(): Promise<ConnectionCheck>;
};
