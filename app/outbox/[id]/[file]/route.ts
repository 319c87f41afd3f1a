import { z } from "zod";
import { currentUser } from "@/lib/server/auth/current";
import { getDb } from "@/lib/server/db/client";

export const dynamic = "force-dynamic";

type Attachment = { filename: string; content: string; contentType: string };

/** One attachment of a message kept in the outbox, for whoever may read the message: an admin, or its addressee. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; file: string }> }) {
  const user = await currentUser();
  if (!user) return new Response("Sign in to download this file.", { status: 401 });
  const { id, file } = await params;
  const parsed = z.object({ id: z.coerce.number().int().positive(), file: z.coerce.number().int().min(0) }).safeParse({ id, file });
  if (!parsed.success) return new Response("No such attachment.", { status: 404 });
  const { sql } = await getDb();
  const [message] = await sql.query<{ attachments: Attachment[] | null }>(
    `SELECT attachments FROM outbox WHERE id = $1 AND ($2::text IS NULL OR lower(to_address) = $2)`,
    [parsed.data.id, user.role === "admin" ? null : user.email],
  );
  const attachment = message?.attachments?.[parsed.data.file];
  if (!attachment) return new Response("No such attachment.", { status: 404 });
  const name = attachment.filename.replace(/[^\w.-]+/g, "_").slice(0, 120) || "attachment";
  return new Response(attachment.content, {
    headers: {
      "Content-Type": attachment.contentType || "application/octet-stream",
      "Content-Disposition": `attachment; filename="${name}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
