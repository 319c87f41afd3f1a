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

/**
 * A 2xx answer may name events it refused, as `{"rejected":[{"id":"…","reason":"…"}]}`: those rows
 * are rejected with that reason and the rest of the batch is delivered.
 */
function outcomesOf(batch: OutboundEvent[], text: string) {
  const refused = new Map<string, string>();
  try {
    const answer = JSON.parse(text) as { rejected?: { id?: unknown; reason?: unknown }[] };
    for (const entry of Array.isArray(answer?.rejected) ? answer.rejected : []) {
      if (typeof entry?.id === "string") refused.set(entry.id, String(entry.reason ?? "no reason given").slice(0, REASON_LIMIT));
    }
  } catch {
    // Any other body (empty, "ok", HTML) means the whole batch was taken.
  }
  return batch.map((event) => {
    const reason = refused.get(event.dedupKey);
    return reason === undefined
      ? { rowNumber: event.rowNumber, state: "delivered" as const }
      : { rowNumber: event.rowNumber, state: "rejected" as const, reason: `Rejected by the webhook: ${reason}` };
  });
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
 * POSTs batches to a configured URL. 2xx: delivered, but for the events the answer lists as refused;
 * 4xx: every event of the batch rejected with the body as the reason; 429, 5xx and timeouts: retry.
 * Never throws.
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
      const text = (await response.text().catch(() => "")).trim();
      if (response.ok) return { kind: "done", outcomes: outcomesOf(batch, text) };
      if (response.status === 429 || response.status >= 500) {
        return { kind: "retry", reason: `the webhook answered ${response.status}`, retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), Date.now()) };
      }
      const reason = `Rejected by the webhook (${response.status})${text ? `: ${text.slice(0, REASON_LIMIT)}` : "."}`;
      return { kind: "done", outcomes: batch.map((event) => ({ rowNumber: event.rowNumber, state: "rejected", reason })) };
    },
  };
}
