import type { DateOrderFinding } from "@/lib/events/date-order";
import { JsonColumns } from "./json-columns";
import { FIRST_LINES, type RangeEnd, type ReadResult } from "./read-events-file";

/** What the file says as one, from where both ranges' readers ended. */
export function joinedResult(head: RangeEnd, second: RangeEnd, duplicates: number): ReadResult {
  const mapping = head.mapping!;
  const counts = {
    total: head.counts.total + second.counts.total,
    valid: head.counts.valid + second.counts.valid,
    invalid: head.counts.invalid + second.counts.invalid,
    duplicates,
  };
  const finding = joinFindings(head.finding, second.finding, head.records);
  const checkedUndecided = head.checkedUndecided || second.checkedUndecided;
  return {
    file: head.facts, headers: head.headers, headerRow: head.headerRow, mapping, error: null, counts,
    dateOrder: { order: second.order, finding, recheck: checkedUndecided && finding.proof !== null },
    jsonColumns: JsonColumns.joined(mapping.params, [head.json, second.json]),
    // A first range shorter than the first lines: the second's follow, numbered after it.
    firstLines: [...head.firstLines, ...second.firstLines.map((line) => ({ ...line, row: line.row + head.records }))].slice(0, FIRST_LINES),
  };
}

/** What the time column says, the second range's numbers after the first's records. */
export function joinFindings(first: DateOrderFinding, second: DateOrderFinding, offset: number): DateOrderFinding {
  const proof = first.proof ?? (second.proof && { ...second.proof, row: second.proof.row + offset });
  return {
    yearLast: first.yearLast + second.yearLast,
    ambiguous: first.ambiguous + second.ambiguous,
    proof,
    examples: [...first.examples, ...second.examples].slice(0, 3),
  };
}
