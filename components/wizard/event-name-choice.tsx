"use client";

import type { FieldError, UseFormRegister } from "react-hook-form";
import { MessageText } from "@/components/ui/message-text";

export type EventNameSource = "column" | "fixed";

type Props = {
  source: EventNameSource;
  // The form's own register: the two fields below belong to the mapping form.
  register: UseFormRegister<{ eventSource: EventNameSource; eventName: string }>;
  error: FieldError | undefined;
};

/**
 * Where the event name comes from: a column, or one name for every row (a shop's orders export has
 * no event column: every row is an order). With one name, no column can be the event name.
 */
export function EventNameChoice({ source, register, error }: Props) {
  return (
    <fieldset className="max-w-2xl space-y-2" data-testid="event-name-source">
      <legend className="font-medium">Event name</legend>
      <div className="flex flex-wrap gap-4">
        <label className="flex items-center gap-2">
          <input type="radio" value="column" {...register("eventSource")} />
          From a column
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" value="fixed" {...register("eventSource")} />
          The same for every row
        </label>
      </div>
      {source === "fixed" && (
        <div className="space-y-1">
          <label htmlFor="event-name" className="block text-sm text-slate-700">Event name for every row</label>
          <input id="event-name" {...register("eventName")} placeholder="purchase" data-testid="event-name"
            aria-invalid={error ? true : undefined} aria-describedby={error ? "event-name-error" : undefined}
            className="w-full max-w-sm rounded-md border border-slate-300 px-2 py-1.5" />
          {error && <p id="event-name-error" role="alert" className="text-sm text-red-700" data-testid="event-name-error"><MessageText message={error.message ?? ""} /></p>}
        </div>
      )}
    </fieldset>
  );
}
