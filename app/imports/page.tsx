import type { Metadata } from "next";
import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { TableShell } from "@/components/ui/table-shell";
import { pageUser } from "@/lib/server/auth/current";
import { getDb } from "@/lib/server/db/client";
import { DESTINATION_LABELS } from "@/lib/server/destinations/configured";
import { listImports } from "@/lib/server/imports/queries";

export const metadata: Metadata = { title: "Imports" };
export const dynamic = "force-dynamic";

const COLUMNS = [
  { label: "File" }, { label: "Status" }, { label: "Destination" }, { label: "Rows", numeric: true }, { label: "Delivered", numeric: true },
  { label: "Duplicates", numeric: true }, { label: "Rejected", numeric: true }, { label: "Started" },
];

export default async function ImportsPage() {
  const user = await pageUser("/imports");
  const { sql } = await getDb();
  const imports = await listImports(sql, user.role === "admin" ? null : user.id);
  return (
    <section className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold tracking-tight">Imports</h1>
        <Link href="/imports/new" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">
          New import
        </Link>
      </div>
      {imports.length === 0 ? (
        <p className="text-slate-600">No import yet.</p>
      ) : (
        <TableShell caption="Imports, newest first" columns={COLUMNS}>
          {imports.map((item) => (
            <tr key={item.id} className="border-t border-slate-100">
              <td className="px-3 py-2"><Link href={`/imports/${item.id}`} className="text-indigo-700 hover:underline">{item.fileName}</Link></td>
              <td className="px-3 py-2"><StatusBadge status={item.status} /></td>
              <td className="px-3 py-2">{DESTINATION_LABELS[item.destination] ?? item.destination}</td>
              <td className="px-3 py-2 text-right tabular-nums">{item.total.toLocaleString("en")}</td>
              <td className="px-3 py-2 text-right tabular-nums">{item.delivered.toLocaleString("en")}</td>
              <td className="px-3 py-2 text-right tabular-nums">{item.duplicates.toLocaleString("en")}</td>
              <td className="px-3 py-2 text-right tabular-nums">{item.rejected.toLocaleString("en")}</td>
              <td className="px-3 py-2">{item.createdAt.toISOString().slice(0, 16).replace("T", " ")}</td>
            </tr>
          ))}
        </TableShell>
      )}
    </section>
  );
}
