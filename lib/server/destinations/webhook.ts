import "server-only";
import { createHash, createHmac } from "node:crypto";
import { parseRetryAfter } from "./retry";
import type { Destination, OutboundEvent, SendContext, SendResult } from "./types";

export const WEBHOOK_LABEL = "Webhook";
const TIMEOUT_MS = 30_000;
const REASON_LIMIT = 500;

export type WebhookConfig = { url: string; secret: string };

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

/** Stable across retries of the same batch, so the receiver can drop a repeat. */
export function idempotencyKey(batch: OutboundEvent[], context: SendContext): string {
  const rows = `${context.importId}:${batch[0]?.rowNumber}-${batch.at(-1)?.rowNumber}`;
  return createHash("sha256").update(rows).digest("hex").slice(0, 32);
}

export function signature(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * POSTs batches to a configured URL. 2xx: delivered; 4xx: every event of the batch rejected with the
 * body as the reason; 429, 5xx and timeouts: retry. Never throws.
 */
export function webhookDestination(config: WebhookConfig): Destination {
  return {
    label: WEBHOOK_LABEL,
    async send(batch, context): Promise<SendResult> {
      const body = JSON.stringify(webhookPayload(batch, context));
      let response: Response;
      try {
        response = await fetch(config.url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": idempotencyKey(batch, context),
            "X-Backfill-Signature": signature(body, config.secret),
          },
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        const reason = error instanceof Error && error.name === "TimeoutError" ? "the webhook did not answer in time" : "the webhook could not be reached";
        return { kind: "retry", reason, retryAfterMs: null };
      }
      const text = (await response.text().catch(() => "")).slice(0, REASON_LIMIT).trim();
      if (response.ok) return { kind: "done", outcomes: batch.map((event) => ({ rowNumber: event.rowNumber, state: "delivered" })) };
      if (response.status === 429 || response.status >= 500) {
        return { kind: "retry", reason: `the webhook answered ${response.status}`, retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), Date.now()) };
      }
      const reason = `Rejected by the webhook (${response.status})${text ? `: ${text}` : "."}`;
      return { kind: "done", outcomes: batch.map((event) => ({ rowNumber: event.rowNumber, state: "rejected", reason })) };
    },
  };
}
