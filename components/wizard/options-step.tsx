"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import type { DestinationChoice, DestinationName } from "@/lib/contract/destination";
import { countOf } from "@/lib/review/format";
import { z } from "@/lib/contract/zod";
import { ContactsFirstChoice } from "./contacts-first-choice";
import { StepActions } from "./step-actions";

export const importOptionsSchema = z.object({ triggerCampaigns: z.boolean(), contactsFirst: z.boolean().optional() });
export type ImportOptions = z.infer<typeof importOptionsSchema>;

type Props = {
  /** The chosen destination's label. */
  destination: string;
  /** Every configured destination: more than one makes a choice. */
  destinations: DestinationChoice[];
  chosen: DestinationName;
  onChoose: (name: DestinationName) => void;
  /** The rows are being checked again (another destination's rules): the counts are about to change. */
  checking: boolean;
  /** The destination starts campaigns from recent events whatever the box says (Customer.io). */
  alwaysTriggers: boolean;
  /** Yespo records a live event at the time of sending, besides the past event at its own time (decision 005). */
  liveEventsRecordedAgain?: boolean;
  /** Klaviyo keeps an event from starting flows by its backfill flag, set on every event that may not start campaigns. */
  backfillFlag?: boolean;
  /** What the box means where the platform alone decides (Segment, Mixpanel). */
  triggerNote?: string;
  triggerWindowHours: number;
  /** The destination can create the events' contacts first (Yespo). */
  offersContactsFirst?: boolean;
  /** Valid events not repeated in the file nor already at the destination. */
  toSend: number;
  inTriggerWindow: number;
  /** The signed-in user, who gets the report. */
  reportTo: string;
  defaults: ImportOptions;
  onBack: () => void;
  onSubmit: (options: ImportOptions) => void;
};

/** The choice before sending: whether recent events may start campaigns; and where it all goes. */
export function OptionsStep({ destination, destinations, chosen, onChoose, checking, alwaysTriggers, liveEventsRecordedAgain = false, backfillFlag = false, triggerNote, triggerWindowHours, offersContactsFirst = false, toSend, inTriggerWindow, reportTo, defaults, onBack, onSubmit }: Props) {
  const { register, handleSubmit, control } = useForm<ImportOptions>({
    resolver: zodResolver(importOptionsSchema),
    defaultValues: defaults,
  });
  const triggering = useWatch({ control, name: "triggerCampaigns" }) || alwaysTriggers;
  return (
    <form onSubmit={handleSubmit(onSubmit)} aria-labelledby="options-heading" className="max-w-2xl space-y-6" noValidate>
      <h2 id="options-heading" tabIndex={-1} data-step-heading className="text-xl font-semibold focus:outline-none">4. Options</h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <dt className="text-slate-500">Events to send</dt>
        <dd className="font-medium tabular-nums" data-testid="events-to-send" aria-busy={checking}>
          {checking ? `Checking the rows for ${destination}…` : toSend.toLocaleString("en")}
        </dd>
        <dt className="text-slate-500">{destinations.length > 1 ? <label htmlFor="destination-choice">Destination</label> : "Destination"}</dt>
        <dd className="font-medium" data-testid="destination">
          {destinations.length > 1 ? (
            <select id="destination-choice" value={chosen} onChange={(event) => onChoose(event.target.value as DestinationName)}
              className="rounded-md border border-slate-300 bg-white px-2 py-1">
              {destinations.map((choice) => (
                <option key={choice.name} value={choice.name}>{choice.label}{choice.isDefault ? " (default)" : ""}</option>
              ))}
            </select>
          ) : destination}
        </dd>
        <dt className="text-slate-500">Report to</dt>
        <dd className="font-medium" data-testid="report-to">{reportTo}</dd>
      </dl>
      <div className="rounded-lg border border-slate-200 bg-white p-4">
        <label className="flex items-start gap-3">
          <input type="checkbox" {...register("triggerCampaigns")} className="mt-1 h-4 w-4" data-testid="trigger-campaigns" />
          <span>
            <span className="font-medium">Trigger campaigns</span>
            <span className="block text-sm text-slate-600">
              Off: the events are passive history, for segments and reports. On: events from the last{" "}
              {triggerWindowHours} hours may start automated campaigns, as if they had just happened.
            </span>
            <span className="mt-1 block text-sm text-slate-600" data-testid="trigger-window-count">
              {inTriggerWindow === 0
                ? `None of your events is from the last ${triggerWindowHours} hours: ticking this would start no campaign.`
                : `${inTriggerWindow.toLocaleString("en")} of your events ${inTriggerWindow === 1 ? "is" : "are"} from the last ${triggerWindowHours} hours and could start campaigns.`}
            </span>
          </span>
        </label>
      </div>
      {offersContactsFirst && <ContactsFirstChoice field={register("contactsFirst")} destination={destination} />}
      {triggerNote && (
        <p role="note" className="text-sm text-slate-600" data-testid="trigger-note">{triggerNote}</p>
      )}
      {liveEventsRecordedAgain && inTriggerWindow > 0 && (
        <p role="note" className="text-sm text-slate-600" data-testid="recorded-again">
          With Trigger campaigns on, these {inTriggerWindow.toLocaleString("en")} events will also appear once more in {destination}&apos;s history,
          at the time of sending: that is how {destination} starts campaigns from them.
        </p>
      )}
      {backfillFlag && (
        <p role="note" className="text-sm text-slate-600" data-testid="backfill-flag">
          {triggering && inTriggerWindow > 0
            ? `${destination} gets the ${countOf(inTriggerWindow, "event")} of the last ${triggerWindowHours} hours without its backfill flag: these start the live flows triggered by their event name, as new events would. The other events carry the flag and start no flow.`
            : `${destination} gets every event with its backfill flag: they appear in profiles, segments and reports, and start no flow.`}
        </p>
      )}
      {alwaysTriggers && inTriggerWindow > 0 && (
        <p role="note" className="rounded-md border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" data-testid="always-triggers">
          {destination} starts campaigns from events of the last {triggerWindowHours} hours whatever this box says:{" "}
          {inTriggerWindow.toLocaleString("en")} of your events {inTriggerWindow === 1 ? "is" : "are"} that recent. Leave those rows out in the
          review step if they must not start campaigns.
        </p>
      )}
      <StepActions>
        <button type="button" onClick={onBack} className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100">
          Back
        </button>
        <button type="submit" disabled={checking} className="disabled:opacity-50 rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700">
          Send {countOf(toSend, "event")}{triggering && inTriggerWindow > 0 ? ` (${inTriggerWindow.toLocaleString("en")} may start campaigns)` : ""}
        </button>
      </StepActions>
    </form>
  );
}
