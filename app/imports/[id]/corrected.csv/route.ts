import { z } from "zod";
import { currentUser, mayRead } from "@/lib/server/auth/current";
import { getDb } from "@/lib/server/db/client";
import { correctedFile } from "@/lib/server/imports/corrected-file";
import { findImport } from "@/lib/server/imports/queries";

export const dynamic = "force-dynamic";

/** Every row of an import with the review's fixes, as a CSV to keep instead of the original file; streamed. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await currentUser();
  if (!user) return new Response("Sign in to download this file.", { status: 401 });
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) return new Response("No such import.", { status: 404 });
  const { sql } = await getDb();
  const view = await findImport(sql, id);
  if (!view || !mayRead(user, view.createdBy)) return new Response("No such import.", { status: 404 });
  const pages = correctedFile(sql, id, view.columns);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pages.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  const base = view.fileName.replace(/\.csv$/i, "").replace(/[^\w.-]+/g, "_").slice(0, 80) || "import";
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${base}-corrected.csv"`,
      "X-Content-Type-Options": "nosniff",
      // The rows are customers' data: no shared cache or browser history keeps a copy.
      "Cache-Control": "private, no-store",
    },
  });
}
