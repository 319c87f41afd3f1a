import type { UseFormRegisterReturn } from "react-hook-form";

/**
 * Yespo's option to create or update the events' contacts before the events: Yespo assigns past events
 * only to contacts that exist. Off by default; the server takes it for Yespo imports only.
 */
export function ContactsFirstChoice({ field, destination }: { field: UseFormRegisterReturn; destination: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <label className="flex items-start gap-3">
        <input type="checkbox" {...field} className="mt-1 h-4 w-4" data-testid="contacts-first" />
        <span>
          <span className="font-medium">Create or update the contacts of these events first</span>
          <span className="block text-sm text-slate-600">
            {destination} assigns past events only to contacts it already has. On: every address in the file goes to {destination}&apos;s
            contacts first (created, or updated when it exists), and the events follow once {destination} has finished. The rows of an
            address {destination} refuses as a contact are not sent, and the report lists them with {destination}&apos;s reason.
          </span>
        </span>
      </label>
    </div>
  );
}
