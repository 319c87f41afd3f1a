import "server-only";
import type { Sql } from "@/lib/server/db/sql";
import { retryDelayMs, type RetryPolicy } from "@/lib/server/destinations/retry";
import type { ContactsApi, Unsettled } from "@/lib/server/destinations/types";
import { contactRefusalReason } from "@/lib/server/destinations/yespo-contacts";

export type ContactsStepOptions = {
  policy: RetryPolicy;
  /** The wait before a retry (recorded in tests). */
  sleep: (ms: number) => Promise<void>;
  /** How often a running session's status is asked for. */
  pollMs?: number;
  /** The wait between two polls. */
  wait?: (ms: number) => Promise<void>;
};

/** Yespo processes a session in seconds to minutes; asking every 2 s keeps the account's budget for events. */
const DEFAULT_POLL_MS = 2_000;
/** How long one session may run before the import stops waiting for it. */
export const SESSION_PATIENCE_MS = 60 * 60_000;

type Batch = { seq: number; emails: string[]; session_id: string | null };

/**
 * The contacts step of an import with "contacts first", before any event is sent: the distinct
 * addresses of its pending rows, in requests of at most `maxPerRequest`, each session awaited until it
 * ends. A durable step of the import's job: the batches are written once, a session's id is kept as
 * soon as Yespo names it and a finished batch is never sent again, so that a worker that dies
 * resumes where the last one stopped (a batch sent but not yet recorded is sent again, which Yespo's
 * deduplication on email makes harmless). The rows of a contact that failed are rejected with Yespo's
 * words and never sent as events. The failure that stops the import, "cancelled", or null when every
 * batch finished.
 */
export async function createContactsFirst(sql: Sql, importId: string, api: ContactsApi, options: ContactsStepOptions): Promise<string | "cancelled" | null> {
  await planContactBatches(sql, importId, api.maxPerRequest);
  const batches = await sql.query<Batch>(
    `SELECT seq, emails, session_id FROM import_contact_batches WHERE import_id = $1 AND finished_at IS NULL ORDER BY seq`,
    [importId],
  );
  for (const batch of batches) {
    const end = await finishBatch(sql, importId, api, batch, options);
    if (end !== null) return end;
  }
  return null;
}

/**
 * Writes the import's contact batches once: the distinct addresses (case aside: Yespo deduplicates on
 * email) of its rows still pending, in a fixed order. Run again, by any worker, it changes nothing.
 */
async function planContactBatches(sql: Sql, importId: string, perRequest: number): Promise<void> {
  await sql.query(
    `INSERT INTO import_contact_batches (import_id, seq, emails)
     SELECT $1, (n - 1) / $2, array_agg(email ORDER BY n)
     FROM (SELECT email, row_number() OVER (ORDER BY key) AS n
           FROM (SELECT DISTINCT ON (lower(email)) lower(email) AS key, email FROM staged_rows
                 WHERE import_id = $1 AND state = 'pending' ORDER BY lower(email), row_number) AS distinct_emails) AS numbered
     WHERE NOT EXISTS (SELECT 1 FROM import_contact_batches WHERE import_id = $1)
     GROUP BY (n - 1) / $2
     ON CONFLICT (import_id, seq) DO NOTHING`,
    [importId, perRequest],
  );
}

async function finishBatch(sql: Sql, importId: string, api: ContactsApi, batch: Batch, options: ContactsStepOptions): Promise<string | "cancelled" | null> {
  let sessionId = batch.session_id;
  if (sessionId === null) {
    const started = await withRetries(sql, importId, () => api.start(batch.emails), options);
    if (started.kind === "failed") return started.reason;
    if (started.kind === "refused") return settleBatch(sql, importId, batch.seq, Object.fromEntries(batch.emails.map((email) => [email.toLowerCase(), started.reason])));
    sessionId = started.sessionId;
    await sql.query(`UPDATE import_contact_batches SET session_id = $3 WHERE import_id = $1 AND seq = $2`, [importId, batch.seq, sessionId]);
  }
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const wait = options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let waited = 0; ; waited += pollMs) {
    const [state] = await sql.query<{ status: string }>(`SELECT status FROM imports WHERE id = $1`, [importId]);
    if (state?.status === "cancelled") return "cancelled";
    const answer = await withRetries(sql, importId, () => api.status(sessionId, batch.emails), options);
    if (answer.kind === "failed") return answer.reason;
    if (answer.kind === "refused") return `Yespo refused to tell how its contacts session ${sessionId} went: ${answer.reason}`;
    if (answer.kind === "finished") return settleBatch(sql, importId, batch.seq, answer.failures);
    if (waited >= SESSION_PATIENCE_MS) {
      return `Not delivered: Yespo's contacts session ${sessionId} was still ${answer.status} after ${SESSION_PATIENCE_MS / 60_000} minutes; send the import again later.`;
    }
    await wait(pollMs);
  }
}

/**
 * Records a batch's end and rejects the pending rows of every contact it failed, in one transaction:
 * once it is recorded, no worker sends the batch again, and those rows are never sent as events.
 */
async function settleBatch(sql: Sql, importId: string, seq: number, failures: Record<string, string>): Promise<null> {
  await sql.transaction(async (tx) => {
    const settled = await tx.query(
      `UPDATE import_contact_batches SET finished_at = now(), failures = $3 WHERE import_id = $1 AND seq = $2 AND finished_at IS NULL RETURNING seq`,
      [importId, seq, JSON.stringify(failures)],
    );
    const emails = Object.keys(failures);
    if (settled.length === 0 || emails.length === 0) return;
    await tx.query(
      `UPDATE staged_rows s SET state = 'rejected', reason = f.reason
       FROM unnest($2::text[], $3::text[]) AS f(email, reason)
       WHERE s.import_id = $1 AND lower(s.email) = f.email AND s.state = 'pending'`,
      [importId, emails, emails.map((email) => contactRefusalReason(failures[email]))],
    );
  });
  return null;
}

/** One request until it is answered, with backoff never sooner than Retry-After, each retry noted on the import. */
async function withRetries<T extends { kind: string }>(
  sql: Sql,
  importId: string,
  call: () => Promise<T | Unsettled>,
  options: ContactsStepOptions,
): Promise<Exclude<T | Unsettled, { kind: "retry" }>> {
  for (let attempt = 1, waited = 0; ; attempt++) {
    const answer = await call();
    if (answer.kind !== "retry") {
      if (attempt > 1) await sql.query(`UPDATE imports SET attempt_note = NULL WHERE id = $1`, [importId]);
      return answer as Exclude<T | Unsettled, { kind: "retry" }>;
    }
    const retry = answer as Extract<Unsettled, { kind: "retry" }>;
    const patient = retry.throttled && retry.retryAfterMs === null && waited < options.policy.patienceMs;
    if (attempt >= options.policy.maxAttempts && !patient) {
      return { kind: "failed", reason: `Not delivered: Yespo's contacts API still failed after ${attempt} attempts (${retry.reason}).` };
    }
    const delay = retryDelayMs(attempt, retry.retryAfterMs, options.policy);
    await sql.query(`UPDATE imports SET attempt_note = $2 WHERE id = $1`, [
      importId,
      `${retry.reason}: attempt ${attempt} at the contacts failed, the next in ${Math.max(1, Math.round(delay / 1000))} s.`,
    ]);
    waited += delay;
    await options.sleep(delay);
  }
}
