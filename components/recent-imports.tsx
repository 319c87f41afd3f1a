import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { readableTime } from "@/lib/events/readable-time";
import type { ImportView } from "@/lib/contract/import-view";

/** The signed-in user's latest imports on the home page, each with its state. */
export function RecentImports({ imports }: { imports: ImportView[] }) {
  return (
    <section aria-labelledby="recent-heading" className="space-y-3">
      <h2 id="recent-heading" className="text-lg font-semibold">Your recent imports</h2>
      {imports.length === 0 ? (
        <p className="text-slate-600">No import yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="recent-imports">
          {imports.map((item) => (
            <li key={item.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 text-sm">
              <Link href={`/imports/${item.id}`} className="min-w-0 break-all font-medium text-indigo-700 hover:underline">{item.fileName}</Link>
              <StatusBadge status={item.status} />
              <span className="text-slate-600">{item.delivered.toLocaleString("en")} delivered, {item.rejected.toLocaleString("en")} rejected</span>
              <span className="text-slate-500">{readableTime(item.createdAt, item.timeZone)}</span>
            </li>
          ))}
        </ul>
      )}
      <Link href="/imports" className="text-sm text-indigo-700 hover:underline">All imports</Link>
    </section>
  );
}
