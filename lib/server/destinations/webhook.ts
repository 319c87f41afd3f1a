import "server-only";
import { createHash, createHmac } from "node:crypto";
import { callPlatform, DEFAULT_TIMEOUT_MS, eventRefusalReason, refusalReason, refusesContent } from "./http";
import { destinationIdentity } from "./identity";
import type { RequestBudget } from "./request-budget";
import type { Destination, OutboundEvent, SendContext, SendResult } from "./types";

export const WEBHOOK_LABEL = "Webhook";

export type WebhookConfig = {
  url: string;
  secret: string;
  timeoutMs?: number;
  /** The receiver's shared request budget, by the destination's identity. */
  budgetOf?: (identity: string) => RequestBudget;
};

/** The JSON each request carries; documented in the README. */
export function webhookPayload(batch: OutboundEvent[], context: SendContext) {
  return {
    import_id: context.importId,
    trigger_campaigns: context.triggerCampaigns,
    events: batch.map((event) => ({
      id: event.dedupKey,
      email: event.email,
      event_name: event.eventName,
      occurred_at: new Date(event.occurredMs).toISOString(),
      params: event.params,
    })),
  };
}

/**
 * A 2xx answer may name events it refused, as `{"rejected":[{"id":"…","reason":"…"}]}`: those rows
 * are rejected with that reason and the rest of the batch is delivered.
 */
function outcomesOf(batch: OutboundEvent[], text: string) {
  const refused = new Map<string, string>();
  try {
    const answer = JSON.parse(text) as { rejected?: { id?: unknown; reason?: unknown }[] };
    for (const entry of Array.isArray(answer?.rejected) ? answer.rejected : []) {
      if (typeof entry?.id === "string") refused.set(entry.id, String(entry.reason ?? "no reason given"));
    }
  } catch {
    // Any other body (empty, "ok", HTML) means the whole batch was taken.
  }
  return batch.map((event) => {
    const reason = refused.get(event.dedupKey);
    return reason === undefined
      ? { rowNumber: event.rowNumber, state: "delivered" as const }
      : { rowNumber: event.rowNumber, state: "rejected" as const, reason: eventRefusalReason("the webhook", reason) };
  });
}

/** Stable across retries of the same events, so the receiver can drop a repeat; a part of a split batch gets its own. */
export function idempotencyKey(batch: OutboundEvent[], context: SendContext): string {
  const rows = `${context.importId}:${batch[0]?.rowNumber}-${batch.at(-1)?.rowNumber}:${batch.length}`;
  return createHash("sha256").update(rows).digest("hex").slice(0, 32);
}

export function signature(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * POSTs batches to a configured URL through the one HTTP client (timeouts, 429/5xx, redirects).
 * 2xx: delivered, but for the events the answer lists as refused; 4xx: the request refused as a
 * whole, which the forwarder splits to find the events it refuses; 429, 5xx and timeouts: retry.
 * Never throws.
 */
export function webhookDestination(config: WebhookConfig): Destination {
  const identity = destinationIdentity("webhook", config.url, config.url);
  const budget = config.budgetOf?.(identity);
  return {
    label: WEBHOOK_LABEL,
    identity,
    async send(batch, context): Promise<SendResult> {
      const body = JSON.stringify(webhookPayload(batch, context));
      const answer = await callPlatform("The webhook", {
        method: "POST",
        url: config.url,
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "Idempotency-Key": idempotencyKey(batch, context),
          "X-Backfill-Signature": signature(body, config.secret),
        },
        body,
        timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        budget,
      });
      if (answer.kind === "retry" || answer.kind === "failed") return answer;
      if (answer.kind === "taken") return { kind: "done", outcomes: outcomesOf(batch, answer.body) };
      const reason = refusalReason("the webhook", answer.status, answer.body);
      if (!refusesContent(answer.status)) return { kind: "done", outcomes: batch.map((event) => ({ rowNumber: event.rowNumber, state: "rejected", reason })) };
      return { kind: "done", outcomes: [], refused: [{ events: batch, reason }] };
    },
  };
}
