"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { z } from "zod";

export const importOptionsSchema = z.object({
  triggerCampaigns: z.boolean(),
  notifyEmail: z.union([z.literal(""), z.email("Enter an email address such as you@example.com")]),
});
export type ImportOptions = z.infer<typeof importOptionsSchema>;

type Props = {
  destination: string;
  triggerWindowHours: number;
  validRows: number;
  inTriggerWindow: number;
  defaults: ImportOptions;
  onBack: () => void;
  onSubmit: (options: ImportOptions) => void;
};

/** The choices before sending: whether recent events may start campaigns, and who gets the report. */
export function OptionsStep({ destination, triggerWindowHours, validRows, inTriggerWindow, defaults, onBack, onSubmit }: Props) {
  const { register, handleSubmit, formState } = useForm<ImportOptions>({
    resolver: zodResolver(importOptionsSchema),
    defaultValues: defaults,
  });
  return (
    <form onSubmit={handleSubmit(onSubmit)} aria-labelledby="options-heading" className="max-w-2xl space-y-6" noValidate>
      <h2 id="options-heading" className="text-xl font-semibold">4. Options</h2>
      <p className="text-slate-600">
        {validRows.toLocaleString("en")} events will go to <strong>{destination}</strong>.
      </p>
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
      <div className="space-y-1">
        <label htmlFor="notify-email" className="block font-medium">Send the report to</label>
        <input id="notify-email" type="email" autoComplete="email" {...register("notifyEmail")}
          aria-invalid={formState.errors.notifyEmail ? true : undefined}
          aria-describedby="notify-email-help"
          className="w-full max-w-sm rounded-md border border-slate-300 px-3 py-2" />
        <p id="notify-email-help" className="text-sm text-slate-600">
          {formState.errors.notifyEmail?.message ?? "Leave it empty to find the report in the outbox and on the import's page."}
        </p>
      </div>
      <div className="flex gap-3">
        <button type="button" onClick={onBack} className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100">
          Back
        </button>
        <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700">
          Send {validRows.toLocaleString("en")} events
        </button>
      </div>
    </form>
  );
}
