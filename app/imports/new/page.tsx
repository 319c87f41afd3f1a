import type { Metadata } from "next";
import { ImportWizard } from "@/components/wizard/import-wizard";
import { env } from "@/lib/env";
import { pageUser } from "@/lib/server/auth/current";
import { configuredDestinations } from "@/lib/server/destinations/configured";

export const metadata: Metadata = { title: "New import" };
export const dynamic = "force-dynamic";

export default async function NewImportPage() {
  const user = await pageUser("/imports/new");
  const { TRIGGER_WINDOW_HOURS, MAX_FILE_BYTES } = env();
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold tracking-tight">New import</h1>
      <ImportWizard destinations={configuredDestinations()} triggerWindowHours={TRIGGER_WINDOW_HOURS} maxBytes={MAX_FILE_BYTES}
        reportTo={user.email} />
    </div>
  );
}
