import type { Metadata } from "next";
import Link from "next/link";
import { DestinationPrerequisites } from "@/components/admin/destination-prerequisites";
import { DestinationSummary } from "@/components/admin/destination-summary";
import { TestConnection } from "@/components/admin/test-connection";
import { DeleteRangeForm } from "@/components/events/delete-range-form";
import { env } from "@/lib/env";
import { pageAdmin } from "@/lib/server/auth/current";
import { describeDestination } from "@/lib/server/destinations/configured";
import { deleteYespoEvents, previewYespoDelete, testConnection } from "./actions";

export const metadata: Metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

/** The destination as configured, a check that it answers, and deletion by time range where allowed. */
export default async function AdminPage() {
  await pageAdmin("/admin");
  const config = env();
  const destination = describeDestination();
  return (
    <section className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Admin</h1>
        <p className="text-slate-600">
          Where imports send events. It comes from the server&apos;s configuration (see .env.example), not from this page.
          Accounts are under <Link href="/admin/users" className="text-indigo-700 underline underline-offset-2">Users</Link>.
        </p>
      </header>
      <section aria-labelledby="destination-heading" className="space-y-4">
        <h2 id="destination-heading" className="text-lg font-semibold">Destination</h2>
        <DestinationSummary
          destination={destination}
          timeZone={destination.name === "yespo" ? config.YESPO_TIME_ZONE ?? null : null}
          triggerWindowHours={config.TRIGGER_WINDOW_HOURS}
          deleteAllowed={config.ALLOW_EVENT_DELETE}
        />
        <DestinationPrerequisites destination={destination.name} />
        <TestConnection test={testConnection} />
      </section>
      {config.ALLOW_EVENT_DELETE && destination.name === "yespo" && (
        <DeleteRangeForm
          title="Delete past events in Yespo"
          description="Removes every past event of the Yespo account in the range, whoever it belongs to and whichever tool sent it."
          testId="delete-yespo"
          preview={previewYespoDelete}
          remove={deleteYespoEvents}
        />
      )}
      {config.ALLOW_EVENT_DELETE && destination.name === "builtin" && (
        <p className="text-slate-600">
          Events in the built-in store are deleted by time range on the <Link href="/events" className="text-indigo-700 underline underline-offset-2">Events</Link> page.
        </p>
      )}
    </section>
  );
}
