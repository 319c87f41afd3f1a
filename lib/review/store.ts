import { packRows, type StagedBatch } from "@/lib/contract/staged-rows";
import type { SentBatch } from "./send-import";
import type { RejectedRow } from "@/lib/csv/rejected-rows";
import type { DateOrderFinding } from "@/lib/events/date-order";
import type { GroupByChoice } from "@/lib/events/order-columns";
import type { RowOutcome, RowValidator } from "@/lib/events/validator";
import { checkOrders } from "./order-check";
import { findDateOrder, gridRowOf, pageOf, type GridPage, type GridRow, type RowFilter } from "./queries";
import { rejectedRows } from "./rejected";
import { RowStore } from "./rows";
import { batchRows, planBatches, type BatchPlan } from "./send-plan";
import { countSince, eventNames, samples, timelineOf, typos, type NameCount, type TypoCount } from "./summary";
import type { Timeline } from "./timeline";

/**
 * The review's rows (rows.ts) with what is read from them, under the names the worker and the tests
 * use: the readers import the rows, and this imports both, so that nothing goes round in a circle.
 */
export class ReviewStore extends RowStore {
  private plan: BatchPlan | null = null;

  protected checkOrders(validator: RowValidator, groupBy: GroupByChoice): { outcomes: [number, RowOutcome][]; events: number } {
    return checkOrders(this, validator, groupBy);
  }

  protected changed(): void {
    super.changed();
    this.plan = null;
  }

  gridRow(index: number): GridRow {
    this.assertRow(index);
    return gridRowOf(this, index);
  }

  page(filter: RowFilter, search: string, offset: number, limit: number): GridPage {
    return pageOf(this, filter, search, offset, limit);
  }

  rejectedRows(): Generator<RejectedRow> {
    return rejectedRows(this);
  }

  countSince(sinceMs: number): number {
    return countSince(this, sinceMs);
  }

  eventNames(): { top: NameCount[]; others: number } {
    return eventNames(this);
  }

  typos(): TypoCount[] {
    return typos(this);
  }

  timeline(): Timeline {
    return timelineOf(this);
  }

  findDateOrder(): DateOrderFinding {
    return findDateOrder(this);
  }

  samples(count: number): string[][] {
    return samples(this, count);
  }

  /** Cuts every row into stageRows calls (send-plan.ts); returns how many. A change drops the plan. */
  planBatches(rowsPerCall: number): number {
    this.plan = planBatches(this, rowsPerCall);
    return this.plan.starts.length;
  }

  /** The rows of call `seq`, packed as stageRows carries them. */
  batch(seq: number): StagedBatch {
    if (!this.plan) throw new RangeError(`There is no batch ${seq}.`);
    return packRows(batchRows(this, this.plan, seq));
  }

  /** The text of call `seq` as stageRows takes it (stagedBatchTextSchema), with its row count. */
  batchText(seq: number): SentBatch {
    const batch = this.batch(seq);
    return { text: JSON.stringify(batch), rows: batch.rows.length };
  }

}
