import { z } from "zod";
import { currentUser, mayRead } from "@/lib/server/auth/current";
import { getDb } from "@/lib/server/db/client";
import { findImport } from "@/lib/server/imports/queries";
import { loadRejectedRows } from "@/lib/server/imports/report";
import { rejectedRowsCsv } from "@/lib/csv/rejected-rows";

export const dynamic = "force-dynamic";

/** The rejected rows of a finished import, as a CSV to correct and import again. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await currentUser();
  if (!user) return new Response("Sign in to download this file.", { status: 401 });
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) return new Response("No such import.", { status: 404 });
  const { sql } = await getDb();
  const view = await findImport(sql, id);
  if (!view || !mayRead(user, view.createdBy)) return new Response("No such import.", { status: 404 });
  const csv = rejectedRowsCsv(view.columns, await loadRejectedRows(sql, id));
  const base = view.fileName.replace(/\.(csv|xlsx|xlsm)$/i, "").replace(/[^\w.-]+/g, "_").slice(0, 80) || "import";
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${base}-rejected.csv"`,
      "X-Content-Type-Options": "nosniff",
      // Rejected rows are customers' data: no shared cache or browser history keeps a copy.
      "Cache-Control": "private, no-store",
    },
  });
}
