import type { ColumnMapping } from "@/lib/events/headers";
import type { RowIssue } from "@/lib/events/row";

/** The problems found in one field of a row; "row" problems belong to the row as a whole. */
export function issuesForColumn(mapping: ColumnMapping, column: number, issues: readonly RowIssue[]): RowIssue[] {
  return issues.filter((issue) => issue.field !== "row" && mapping[issue.field as "email" | "event_name" | "time"] === column);
}
