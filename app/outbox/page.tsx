import type { Metadata } from "next";
import { LinkedText } from "@/components/ui/linked-text";
import { env } from "@/lib/env";
import { pageUser } from "@/lib/server/auth/current";
import { getDb } from "@/lib/server/db/client";

export const metadata: Metadata = { title: "Outbox" };
export const dynamic = "force-dynamic";

type Message = { id: number; to_address: string; subject: string; text_body: string; created_at: string; files: string[] | null };

/** Mail kept here when no SMTP server is configured, newest first, shown as plain text with the app's links as links. */
export default async function OutboxPage() {
  const user = await pageUser("/outbox");
  const { sql } = await getDb();
  // An admin sees every message; a member, the ones sent to them.
  const messages = await sql.query<Message>(
    `SELECT id, to_address, subject, text_body, created_at,
            (SELECT array_agg(a->>'filename') FROM jsonb_array_elements(coalesce(attachments, '[]'::jsonb)) a) AS files FROM outbox WHERE $1::text IS NULL OR lower(to_address) = $1
     ORDER BY id DESC LIMIT 50`,
    [user.role === "admin" ? null : user.email],
  );
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Outbox</h1>
      <p className="text-slate-600">Report emails stay here when no SMTP server is configured (set SMTP_URL to send them).</p>
      {messages.length === 0 && <p className="text-slate-600">No message yet.</p>}
      {messages.map((message) => (
        <article key={message.id} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="outbox-message">
          <h2 className="font-medium">{message.subject}</h2>
          <p className="text-sm text-slate-500">To {message.to_address || "nobody (no address was given)"} · {new Date(message.created_at).toISOString().slice(0, 16).replace("T", " ")} UTC</p>
          <pre className="mt-3 whitespace-pre-wrap break-words text-sm text-slate-700"><LinkedText text={message.text_body} origin={env().APP_URL} /></pre>
          {message.files && message.files.length > 0 && (
            <ul aria-label="Attachments" className="mt-3 flex flex-wrap gap-2 text-sm">
              {message.files.map((name, index) => (
                <li key={index}>
                  <a href={`/outbox/${message.id}/${index}`} download className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100">
                    Download {name}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </article>
      ))}
    </section>
  );
}
