"use client";

import type { GroupByChoice } from "@/lib/events/order-columns";
import { itemNames } from "@/lib/events/order-columns";

type Props = { offer: GroupByChoice; checked: boolean; onChange: (checked: boolean) => void };

/**
 * "One event per order", for a shop's export that writes one row per line item: the rows of each
 * order (one after another, as shops write them) become one event, the line items its items.
 */
export function OrderChoice({ offer, checked, onChange }: Props) {
  const names = itemNames(offer.items);
  return (
    <fieldset className="max-w-2xl space-y-1" data-testid="order-choice">
      <legend className="font-medium">Orders with several line items</legend>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
        One event per order
      </label>
      <p className="text-sm text-slate-600">
        The rows of each {offer.key} become one event: its other values from the order&apos;s first row that has them, and an{" "}
        <code>items</code> list with one entry per row, of {names.map((name, k) => (
          <span key={name}>{k > 0 && (k === names.length - 1 ? " and " : ", ")}<code>{name}</code></span>
        ))}. Rows of one order that disagree on the email or the time are errors.
      </p>
    </fieldset>
  );
}
