import type { ReviewCounts } from "@/lib/review/counts";
import { countOf } from "@/lib/review/format";

/** One card: a count, what it is called, and what sending does with those rows. */
export type CountCard = { key: string; label: string; value: number; says: string };

/** The events sending will deliver: valid, first in the file, and not already at the destination. */
export function eventsToSend(counts: ReviewCounts, alreadyDelivered: number): number {
  return counts.valid - counts.duplicates - alreadyDelivered;
}

/**
 * What sending will do, one card per outcome. The cards add up to the file: every row is sent,
 * skipped as already delivered, listed as invalid, skipped as a repeat, or left out. A new outcome
 * is one more entry here.
 */
export function countCards(counts: ReviewCounts, alreadyDelivered: number, destination: string, changedSkipped = 0): CountCard[] {
  return [
    { key: "send", label: "Will be sent", value: eventsToSend(counts, alreadyDelivered + changedSkipped), says: "valid, not left out, not repeated, not delivered before" },
    ...(alreadyDelivered > 0
      ? [{ key: "delivered", label: "Already delivered", value: alreadyDelivered, says: `skipped: ${destination} has them from an earlier import` }]
      : []),
    ...(changedSkipped > 0
      ? [{ key: "changed", label: "Imported with other values", value: changedSkipped, says: "skipped: same email, event and time, delivered before with other values" }]
      : []),
    { key: "invalid", label: "Invalid", value: counts.invalid, says: "listed in the report with the reason" },
    { key: "duplicates", label: "Repeated in this file", value: counts.duplicates, says: "skipped: an earlier row has the same event" },
    { key: "left-out", label: "Left out", value: counts.leftOut, says: "by you: listed in the report" },
  ];
}

export function ReviewCountCards({ cards }: { cards: CountCard[] }) {
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-[repeat(auto-fit,minmax(10rem,1fr))]">
      {cards.map((card) => (
        <div key={card.key} className="rounded-lg border border-slate-200 bg-white p-3">
          <dt className="text-sm font-medium text-slate-700">{card.label}</dt>
          <dd className="text-2xl font-semibold tabular-nums" data-testid={`count-${card.key}`}>{card.value.toLocaleString("en")}</dd>
          <dd className="text-xs text-slate-500">
            {countOf(card.value, "row")}: {card.says}
          </dd>
        </div>
      ))}
    </dl>
  );
}
