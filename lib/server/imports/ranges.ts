import "server-only";
import type { Sql } from "@/lib/server/db/sql";

/**
 * Ranges (decision 018): on PostgreSQL a large import is delivered in ranges of rows, each worked by
 * its own job with its own checkpoint, so that every worker process takes a share of one import. The
 * import's own job does what concerns the whole import first (repeats within the file, changed
 * repeats, contacts first), then marks out the ranges, which is the point of no return: a later try
 * of the import's job only asks again for the ranges not finished. A range is finished when its job
 * stopped taking batches: its rows are done, the import was cancelled, or a range failed. The job
 * that finishes the last range finishes the import, under the import's row lock, so exactly one does.
 */

export type ImportRange = { rangeNo: number; afterRow: number; lastRow: number; forwardedThrough: number; finished: boolean };

/** The import's ranges, in order; none when it is delivered as one. */
export async function findRanges(sql: Sql, importId: string): Promise<ImportRange[]> {
  const rows = await sql.query<{ range_no: number; after_row: number; last_row: number; forwarded_through: number; finished: boolean }>(
    `SELECT range_no, after_row, last_row, forwarded_through, finished_at IS NOT NULL AS finished
     FROM import_ranges WHERE import_id = $1 ORDER BY range_no`,
    [importId],
  );
  return rows.map((row) => ({
    rangeNo: row.range_no,
    afterRow: row.after_row,
    lastRow: row.last_row,
    forwardedThrough: row.forwarded_through,
    finished: row.finished,
  }));
}

/**
 * Marks out the import's ranges once: spans of about `rowsPerRange` staged rows, from its row
 * numbers' extent (gaps only make a range smaller). Ranges start from the import's checkpoint, so
 * nothing an earlier try settled in one piece is read again. An import of fewer rows than two ranges
 * gets none, and is delivered as one. The ranges, new or already there.
 */
export async function planRanges(sql: Sql, importId: string, rowsPerRange: number): Promise<ImportRange[]> {
  return sql.transaction(async (tx) => {
    await tx.query(`SELECT 1 FROM imports WHERE id = $1 FOR UPDATE`, [importId]);
    const existing = await findRanges(tx, importId);
    if (existing.length > 0) return existing;
    const [extent] = await tx.query<{ first: number | null; last: number | null; rows: number }>(
      `SELECT min(s.row_number) AS first, max(s.row_number) AS last, count(*)::int AS rows
       FROM staged_rows s JOIN imports i ON i.id = s.import_id
       WHERE s.import_id = $1 AND s.row_number > i.forwarded_through`,
      [importId],
    );
    if (extent.first === null || extent.last === null || extent.rows < 2 * rowsPerRange) return [];
    const count = Math.floor(extent.rows / rowsPerRange);
    const start = extent.first - 1;
    const span = (extent.last - start) / count;
    const bounds = Array.from({ length: count + 1 }, (_, k) => (k === count ? extent.last! : start + Math.round(k * span)));
    await tx.query(
      `INSERT INTO import_ranges (import_id, range_no, after_row, last_row, forwarded_through)
       SELECT $1, n, a, l, a FROM unnest($2::int[], $3::int[], $4::int[]) AS r(n, a, l)`,
      [importId, bounds.slice(1).map((_, k) => k), bounds.slice(0, -1), bounds.slice(1)],
    );
    return findRanges(tx, importId);
  });
}

/**
 * Moves a range's checkpoint (batches finish in order within it, or the caller names the front of
 * the finished ones) and counts the batch on the import.
 */
export async function passRangeBatch(sql: Sql, importId: string, rangeNo: number, through: number | null): Promise<void> {
  if (through !== null) {
    await sql.query(
      `UPDATE import_ranges SET forwarded_through = greatest(forwarded_through, $3) WHERE import_id = $1 AND range_no = $2`,
      [importId, rangeNo, through],
    );
  }
  await sql.query(`UPDATE imports SET batches_done = batches_done + 1 WHERE id = $1`, [importId]);
}

/** Whether the import's ranges should stop taking batches: it was cancelled, or one of them failed. */
export async function rangesStopped(sql: Sql, importId: string): Promise<boolean> {
  const [row] = await sql.query<{ stopped: boolean }>(
    `SELECT i.status = 'cancelled' OR EXISTS (SELECT 1 FROM import_ranges r WHERE r.import_id = i.id AND r.failure IS NOT NULL) AS stopped
     FROM imports i WHERE i.id = $1`,
    [importId],
  );
  return row?.stopped ?? true;
}

export type RangesEnd = { last: false } | { last: true; failure: string | null };

/**
 * Finishes a range, with the failure that stopped it if any, and says whether it was the last: then
 * the caller finishes the import, with the first failure of its ranges. Under the import's row lock,
 * so that of two ranges finishing at once exactly one sees the other finished.
 */
export async function finishRange(sql: Sql, importId: string, rangeNo: number, failure: string | null): Promise<RangesEnd> {
  return sql.transaction(async (tx) => {
    await tx.query(`SELECT 1 FROM imports WHERE id = $1 FOR UPDATE`, [importId]);
    await tx.query(
      `UPDATE import_ranges SET finished_at = coalesce(finished_at, now()), failure = coalesce(failure, $3)
       WHERE import_id = $1 AND range_no = $2`,
      [importId, rangeNo, failure],
    );
    return rangesEnd(tx, importId);
  });
}

/** Whether every range is finished, and the first failure among them. */
export async function rangesEnd(sql: Sql, importId: string): Promise<RangesEnd> {
  const [row] = await sql.query<{ open: number; failure: string | null }>(
    `SELECT count(*) FILTER (WHERE finished_at IS NULL)::int AS open,
            (SELECT failure FROM import_ranges WHERE import_id = $1 AND failure IS NOT NULL ORDER BY finished_at, range_no LIMIT 1) AS failure
     FROM import_ranges WHERE import_id = $1`,
    [importId],
  );
  return row.open > 0 ? { last: false } : { last: true, failure: row.failure };
}
