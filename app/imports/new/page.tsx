import type { Metadata } from "next";
import { ImportWizard } from "@/components/wizard/import-wizard";
import { env } from "@/lib/env";
import { BUILTIN_LABEL } from "@/lib/server/destinations/builtin";

export const metadata: Metadata = { title: "New import" };
export const dynamic = "force-dynamic";

export default function NewImportPage() {
  const { TRIGGER_WINDOW_HOURS, MAX_FILE_BYTES } = env();
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold tracking-tight">New import</h1>
      <ImportWizard destination={BUILTIN_LABEL} triggerWindowHours={TRIGGER_WINDOW_HOURS} maxBytes={MAX_FILE_BYTES} />
    </div>
  );
}
