import type { Metadata } from "next";
import Link from "next/link";
import { DestinationPrerequisites } from "@/components/admin/destination-prerequisites";
import { DestinationSummary } from "@/components/admin/destination-summary";
import { TestConnection } from "@/components/admin/test-connection";
import { DeleteRangeForm } from "@/components/events/delete-range-form";
import { env } from "@/lib/env";
import { pageAdmin } from "@/lib/server/auth/current";
import { describeDestinations, partlyConfigured } from "@/lib/server/destinations/configured";
import { deleteYespoEvents, previewYespoDelete, testConnection } from "./actions";

export const metadata: Metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

/** Every configured destination, a check that each answers, and deletion by time range where allowed. */
export default async function AdminPage() {
  await pageAdmin("/admin");
  const config = env();
  const destinations = describeDestinations();
  const partly = partlyConfigured();
  const yespo = destinations.some((destination) => destination.name === "yespo");
  return (
    <section className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Admin</h1>
        <p className="text-slate-600">
          Where imports can send events: each user chooses one of these in the wizard, the default unless they choose another.
          They come from the server&apos;s configuration (see .env.example and DESTINATION), not from this page.
          Accounts are under <Link href="/admin/users" className="text-indigo-700 underline underline-offset-2">Users</Link>.
        </p>
      </header>
      {destinations.map((destination) => (
        <section key={destination.name} aria-labelledby={`destination-${destination.name}-heading`} className="space-y-4"
          data-testid={`destination-${destination.name}`}>
          <h2 id={`destination-${destination.name}-heading`} className="text-lg font-semibold">
            {destination.label}
            {destination.isDefault && <span className="ml-2 rounded bg-indigo-50 px-2 py-0.5 text-sm font-medium text-indigo-800">Default</span>}
          </h2>
          <DestinationSummary
            destination={destination}
            timeZone={destination.name === "yespo" ? config.YESPO_TIME_ZONE ?? null : null}
            triggerWindowHours={config.TRIGGER_WINDOW_HOURS}
            deleteAllowed={destination.name === "builtin" || destination.name === "yespo" ? config.ALLOW_EVENT_DELETE : null}
          />
          <DestinationPrerequisites destination={destination.name} />
          {destination.name !== "builtin" && <TestConnection destination={destination.name} test={testConnection} />}
        </section>
      ))}
      {partly.length > 0 && (
        <section aria-labelledby="partly-heading" className="space-y-2" data-testid="partly-configured">
          <h2 id="partly-heading" className="text-lg font-semibold">Not configured</h2>
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
            {partly.map((kind) => (
              <li key={kind.name}>{kind.label}: some of its settings are there, but it also needs {kind.missing.join(" and ")}, so imports cannot go to it.</li>
            ))}
          </ul>
        </section>
      )}
      {config.ALLOW_EVENT_DELETE && yespo && (
        <DeleteRangeForm
          title="Delete past events in Yespo"
          description="Removes every past event of the Yespo account in the range, whoever it belongs to and whichever tool sent it."
          testId="delete-yespo"
          preview={previewYespoDelete}
          remove={deleteYespoEvents}
        />
      )}
      {config.ALLOW_EVENT_DELETE && (
        <p className="text-slate-600">
          Events in the built-in store are deleted by time range on the <Link href="/events" className="text-indigo-700 underline underline-offset-2">Events</Link> page.
        </p>
      )}
    </section>
  );
}
