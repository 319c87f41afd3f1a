import type { DateOrder } from "@/lib/events/date-order";
import type { RememberedChoices } from "@/lib/events/import-choices";
import type { GroupByChoice } from "@/lib/events/order-columns";
import type { ImportColumns } from "@/lib/csv/rejected-rows";
import type { DestinationName } from "@/lib/contract/destination";

const CALLS_IN_FLIGHT = 3;
const ATTEMPTS_PER_CALL = 4;

export type SendPlan = {
  fileName: string;
  /** The configured destination chosen in the options step. */
  destination: DestinationName;
  columns: ImportColumns;
  timeZone: string;
  dateOrder: DateOrder | null;
  eventName: string | null;
  jsonParams: string[];
  /** The order and line-item columns, when each order's rows are one event. */
  groupBy?: GroupByChoice | null;
  /** The header and the choices made for it, kept for the next file with this header. */
  remember: { headers: string[]; choices: RememberedChoices } | null;
  triggerCampaigns: boolean;
  /** Yespo only: the events' contacts are created or updated before the events. */
  contactsFirst?: boolean;
  /** Send the rows already imported at their moment with other values, instead of skipping them. */
  sendChangedRepeats?: boolean;
  fileBytes: number;
  rows: number;
  batchCount: number;
  fetchBatch: (seq: number) => Promise<SentBatch>;
  onProgress: (rowsSent: number) => void;
  /** Aborted by the user's Cancel: no further call starts, and the calls in flight are waited for. */
  cancel?: AbortSignal;
  /** The file's fingerprint, by which the server finds this upload again should it stop. */
  fingerprint?: string;
  /** Continuing a stopped upload: the calls the server already stored, and the rows they held. */
  continued?: { seqs: ReadonlySet<number>; rows: number };
};

export type ImportHandle = { importId: string; token: string };

/** One stageRows call's rows as the text it carries (stagedBatchTextSchema), and how many they are. */
export type SentBatch = { text: string; rows: number };

type Result<T> = ({ ok: true } & T) | { ok: false; error: string };

/** What createImport is told of the file: the plan without its rows. */
export type CreateImportCall = Omit<SendPlan, "batchCount" | "fetchBatch" | "onProgress" | "remember" | "cancel" | "continued" | "fingerprint">
  & { remember?: NonNullable<SendPlan["remember"]>; fingerprint?: string };

/** The server actions an import is sent with (app/imports/actions.ts). */
export type ImportServer = {
  createImport(input: CreateImportCall): Promise<Result<ImportHandle>>;
  stageRows(input: ImportHandle & { seq: number; rows: string }): Promise<Result<object>>;
  commitImport(input: ImportHandle): Promise<Result<object>>;
};

/** How long to wait before a failed call's next attempt. */
const backoff = (attempt: number) => 500 * 2 ** attempt;

export type SendOutcome =
  | { ok: true; importId: string }
  | { ok: false; error: string; handle: ImportHandle | null }
  /** Stopped by Cancel, with the import created so far, for the caller to discard. */
  | { ok: false; cancelled: true; handle: ImportHandle | null };

/**
 * Hands the rows to the server in numbered batches, a few at a time. A batch that fails is sent again
 * with the same number, which the server stores once; so is every batch when the user tries again
 * with the import already created (`existing`), and nothing is stored twice.
 */
export async function sendImport(
  plan: SendPlan,
  existing: ImportHandle | null,
  server: ImportServer,
  retryDelayMs: (attempt: number) => number = backoff,
): Promise<SendOutcome> {
  const handle = existing ?? (await create(plan, server));
  if ("error" in handle) return { ok: false, error: handle.error, handle: null };
  const { importId, token } = handle;
  const batches = plan.batchCount;
  // A continued upload sends only the calls that never arrived; one sent twice would be stored once anyway.
  const todo = Array.from({ length: batches }, (_, seq) => seq).filter((seq) => !plan.continued?.seqs.has(seq));
  let next = 0;
  let sent = plan.continued?.rows ?? 0;
  let failure: string | null = null;

  async function sendOne(seq: number): Promise<void> {
    const batch = await plan.fetchBatch(seq);
    for (let attempt = 1; ; attempt++) {
      const result = await server.stageRows({ importId, token, seq, rows: batch.text }).catch(() => ({ ok: false as const, error: "The connection to the server failed." }));
      if (result.ok) break;
      if (attempt >= ATTEMPTS_PER_CALL || plan.cancel?.aborted) throw new Error(result.error);
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
    }
    sent += batch.rows;
    plan.onProgress(sent);
  }

  async function lane(): Promise<void> {
    while (failure === null && !plan.cancel?.aborted && next < todo.length) {
      const seq = todo[next++];
      await sendOne(seq).catch((error: Error) => {
        failure = error.message;
      });
    }
  }

  await Promise.all(Array.from({ length: CALLS_IN_FLIGHT }, lane));
  if (plan.cancel?.aborted) return { ok: false, cancelled: true, handle };
  if (failure !== null) return { ok: false, error: `Sending stopped: ${failure} Rows already sent are kept.`, handle };
  const committed = await server.commitImport({ importId, token }).catch(() => ({ ok: false as const, error: "The connection to the server failed." }));
  return committed.ok ? { ok: true, importId } : { ok: false, error: committed.error, handle };
}

async function create(plan: SendPlan, server: ImportServer): Promise<ImportHandle | { error: string }> {
  const created = await server.createImport({
    fileName: plan.fileName,
    destination: plan.destination,
    columns: plan.columns,
    timeZone: plan.timeZone,
    dateOrder: plan.dateOrder,
    eventName: plan.eventName,
    jsonParams: plan.jsonParams,
    groupBy: plan.groupBy ?? null,
    ...(plan.remember ? { remember: plan.remember } : {}),
    ...(plan.fingerprint ? { fingerprint: plan.fingerprint } : {}),
    triggerCampaigns: plan.triggerCampaigns,
    ...(plan.contactsFirst ? { contactsFirst: true } : {}),
    ...(plan.sendChangedRepeats ? { sendChangedRepeats: true } : {}),
    fileBytes: plan.fileBytes,
    rows: plan.rows,
  }).catch(() => ({ ok: false as const, error: "The connection to the server failed." }));
  return created.ok ? { importId: created.importId, token: created.token } : { error: created.error };
}
