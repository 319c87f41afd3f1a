import { DUPLICATE, INVALID } from "./row-state";

/** The review's counts: `total` holds the rows to send (left-out ones apart), duplicates among the valid. */
export type ReviewCounts = { total: number; valid: number; invalid: number; duplicates: number; leftOut: number };

/** Counts the first `size` rows from their states: the one place the review's counts are made. */
export function countRows(states: Uint8Array, leftOut: Uint8Array, size: number): ReviewCounts {
  const counts = { total: 0, valid: 0, invalid: 0, duplicates: 0, leftOut: 0 };
  for (let i = 0; i < size; i++) {
    if (leftOut[i]) {
      counts.leftOut++;
      continue;
    }
    counts.total++;
    if (states[i] === INVALID) counts.invalid++;
    else {
      counts.valid++;
      if (states[i] === DUPLICATE) counts.duplicates++;
    }
  }
  return counts;
}
