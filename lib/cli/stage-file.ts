import { EVENTS_PER_BATCH } from "@/lib/contract/staged-rows";
import type { ColumnMapping } from "@/lib/events/headers";
import { readEventsFile, type ReadOptions, type ReadResult } from "@/lib/csv/read-events-file";
import type { Encoding } from "@/lib/csv/sniff";
import type { ByteSource } from "@/lib/csv/source";

/** One row as staging takes it: the same shape the wizard sends to stageRows. */
export type RowToStage = { row: number; email: string; event_name: string; time: string; params: Record<string, string> };

/** Reading waits while this many rows are read but not yet staged. */
export const MAX_WAITING_ROWS = 2 * EVENTS_PER_BATCH;
/** Small reads, so that the rows of the chunk being parsed stay a few batches too. */
export const CHUNK_BYTES = 64 << 10;

export type StageFileOptions = {
  source: ByteSource;
  /** Settled beforehand (a byte-order mark, or the user's word); otherwise found while reading, see `discard`. */
  encoding?: Encoding;
  timeZone: string;
  nowMs: number;
  /** The file's choices, decided before staging (decideFileReading): columns, date order, JSON parameters. */
  choices?: Pick<ReadOptions, "columns" | "dateOrder" | "jsonParams" | "sheet" | "headerRow">;
  /**
   * The column that names an order, for an import that makes each order one event: a call then ends
   * only where an order does, so that no order is cut between two calls (and made two events).
   */
  orderKey?: string;
  /** Most rows an import may have: reading stops past it. */
  maxRows: number;
  signal?: AbortSignal;
  /** The header is read: create the import; its id is what the rows are staged into. */
  begin(headers: string[], mapping: ColumnMapping): Promise<string>;
  stage(importId: string, seq: number, rows: RowToStage[]): Promise<void>;
  /**
   * Late bytes proved the file is not UTF-8: what this import staged is removed (its import with it),
   * and the file is read again from its start as Windows-1252 into a new import, after `onRestart`.
   */
  discard(importId: string): Promise<void>;
  onRestart?(why: string): void;
  onProgress?(progress: { rows: number; bytesRead: number; totalBytes: number }): void;
};

export type StagedFile = {
  /** The reader's result; null when reading was stopped (the signal) or the file had too many rows. */
  read: ReadResult | null;
  tooManyRows: boolean;
  importId: string | null;
  rowsStaged: number;
  /** The most rows held in memory at once, read but not yet staged: a few batches, whatever the file. */
  mostRowsHeld: number;
};

/**
 * Reads the file and stages its rows as they come, 500 a call, while the next rows are read. Reading
 * waits whenever staging falls behind, so memory holds a few batches, not the file. The encoding is
 * decided from what has been read: in the rare file whose late bytes are not UTF-8, the reader starts
 * again, and what was staged is discarded first, so that no row is staged twice.
 */
export async function stageFile(options: StageFileOptions): Promise<StagedFile> {
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  // Each batch with the generation of the read it belongs to: a restart voids the earlier ones.
  const queue: { generation: number; rows: RowToStage[] }[] = [];
  let generation = 0;
  let lastCall: Promise<void> = Promise.resolve();
  let restarting: Promise<void> = Promise.resolve();
  let batch: RowToStage[] = [];
  let importId: Promise<string> | null = null;
  let settledId: string | null = null;
  let held = 0;
  let mostHeld = 0;
  let staged = 0;
  let seq = 0;
  let failure: unknown = null;
  let tooManyRows = false;
  let wake = null as (() => void) | null;
  let roomFreed = null as (() => void) | null;
  signal.addEventListener("abort", () => roomFreed?.());

  // The staging side: one call at a time, in order, each batch its own (import, seq).
  let finished = false;
  const staging = (async () => {
    for (;;) {
      const next = queue.shift();
      if (!next) {
        if (finished) return;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const id = await importId!;
      if (next.generation !== generation) continue;
      settledId = id;
      lastCall = options.stage(id, seq++, next.rows);
      await lastCall;
      if (next.generation !== generation) continue;
      staged += next.rows.length;
      held -= next.rows.length;
      roomFreed?.();
    }
  })().catch((error: unknown) => {
    failure = error;
    stop.abort();
  });
  const key = options.orderKey;
  const sameOrder = (last: RowToStage, next: RowToStage) => key !== undefined && (last.params[key]?.trim() ?? "") === (next.params[key]?.trim() ?? "");
  const enqueue = (rows: RowToStage[]) => {
    queue.push({ generation, rows });
    wake?.();
  };

  // The reading side: each read of the file (and each stretch of a workbook's rows) waits until staging has caught up.
  const caughtUp = async () => {
    while (held >= MAX_WAITING_ROWS && !signal.aborted) await new Promise<void>((resolve) => (roomFreed = resolve));
  };
  const gated: ByteSource = {
    size: options.source.size,
    async read(start, end) {
      await caughtUp();
      return options.source.read(start, end);
    },
  };
  let read: ReadResult | null = null;
  try {
    read = await readEventsFile(gated, {
      ...options.choices,
      timeZone: options.timeZone,
      nowMs: options.nowMs,
      encoding: options.encoding,
      // Repeated rows are marked in the database before delivery: a table of every row's
      // fingerprint here would grow with the file.
      findDuplicates: false,
      chunkBytes: CHUNK_BYTES,
      pause: caughtUp,
      signal,
      onHeader: (headers, mapping) => {
        importId = restarting.then(() => options.begin(headers, mapping));
        importId.catch(() => undefined);
      },
      onRestart: () => {
        // Synchronous, before the reader goes on: no batch of the void read is staged from here.
        generation++;
        queue.length = 0;
        batch = [];
        held = 0;
        const earlier = importId;
        const call = lastCall;
        importId = null;
        seq = 0;
        staged = 0;
        settledId = null;
        options.onRestart?.("Some bytes past the start are not UTF-8: reading the file again as Windows-1252.");
        restarting = (async () => {
          const id = earlier ? await earlier : null;
          await call.catch(() => undefined);
          if (id) await options.discard(id);
        })();
        restarting.catch(() => undefined);
        roomFreed?.();
      },
      onRow: ({ row, input }) => {
        if (staged + held >= options.maxRows) {
          tooManyRows = true;
          stop.abort();
          return;
        }
        const next = { row, ...input };
        if (batch.length >= EVENTS_PER_BATCH && !sameOrder(batch[batch.length - 1], next)) {
          enqueue(batch);
          batch = [];
        }
        batch.push(next);
        held++;
        if (held > mostHeld) mostHeld = held;
        if (batch.length === EVENTS_PER_BATCH && options.orderKey === undefined) {
          enqueue(batch);
          batch = [];
        }
      },
      onProgress: (progress) => options.onProgress?.(progress),
    });
    if (read.error) queue.length = 0;
    else if (batch.length > 0) enqueue(batch);
  } catch (error) {
    if (!signal.aborted) throw error;
    // Stopped: what is queued is dropped; the call under way is let finish, so nothing is half-written.
    queue.length = 0;
    read = null;
  } finally {
    finished = true;
    wake?.();
    await staging;
  }
  if (failure) throw failure;
  const startedId = settledId ?? (importId ? await (importId as Promise<string>).catch(() => null) : null);
  return { read, tooManyRows, importId: startedId, rowsStaged: staged, mostRowsHeld: mostHeld };
}
