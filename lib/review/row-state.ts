import type { EventRule } from "@/lib/events/destination-rules";
import { domainTypo, typoMessage } from "@/lib/events/email-typos";
import type { RowIssue } from "@/lib/events/row";
import type { RowOutcome } from "@/lib/events/validator";

export type RowState = "valid" | "invalid" | "duplicate";

/** A row's state as the store keeps it, one byte a row. */
export const VALID = 0;
export const INVALID = 1;
export const DUPLICATE = 2;
export const STATES: readonly RowState[] = ["valid", "invalid", "duplicate"];

/** What the review keeps of one row's checks. */
export type Verdict = {
  state: typeof VALID | typeof INVALID | typeof DUPLICATE;
  /** The errors of an invalid row; the warnings of another. */
  issues: readonly RowIssue[];
  /** The instant the row's time reads as; NaN for an invalid row. */
  occurredMs: number;
};

/**
 * The row's state and issues after its checks: an event the destination's own rule refuses
 * (Yespo's, Customer.io's) is invalid with that rule's reason, and a likely misspelt domain is a
 * warning, since the row is sent as it is unless the user fixes it.
 */
export function verdictOf(outcome: RowOutcome, eventRule: EventRule | null): Verdict {
  let state: Verdict["state"] = outcome.errors.length > 0 || !outcome.event ? INVALID : outcome.duplicateOf !== null ? DUPLICATE : VALID;
  let issues = state === INVALID ? outcome.errors : outcome.warnings;
  const refused = state !== INVALID && eventRule ? eventRule(outcome.event!) : null;
  if (refused) {
    state = INVALID;
    issues = [refused];
  }
  const typo = state !== INVALID ? domainTypo(outcome.event!.email) : null;
  if (typo) issues = [...issues, { field: "email", message: typoMessage(outcome.event!.email, typo) }];
  return { state, issues, occurredMs: state !== INVALID ? outcome.event!.occurredMs : Number.NaN };
}

/** The issue of a row whose field count differs from the header's. */
export function shapeIssue(fieldCount: number, headerCount: number): RowIssue {
  return { field: "row", message: `The row has ${fieldCount} fields; the header has ${headerCount}.` };
}
