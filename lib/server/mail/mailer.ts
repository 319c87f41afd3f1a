import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import type { Sql } from "@/lib/server/db/sql";
import type { EmailMessage } from "./report-email";

let transport: Transporter | null = null;

function smtpTransport(url: string): Transporter {
  transport ??= nodemailer.createTransport(url);
  return transport;
}

export type Delivery = { via: "smtp" | "outbox"; to: string | null };

/**
 * Sends through SMTP when SMTP_URL is set and there is someone to send to; otherwise keeps the
 * message in the local outbox, shown at /outbox. Throws when the SMTP server refuses or is down:
 * the report job retries.
 */
export async function sendEmail(sql: Sql, to: string | null, message: EmailMessage): Promise<Delivery> {
  const { SMTP_URL, MAIL_FROM } = env();
  if (SMTP_URL && to) {
    await smtpTransport(SMTP_URL).sendMail({
      from: MAIL_FROM,
      to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.attachments,
    });
    return { via: "smtp", to };
  }
  await sql.query(
    `INSERT INTO outbox (to_address, subject, text_body, html_body, attachments) VALUES ($1, $2, $3, $4, $5)`,
    [to ?? "", message.subject, message.text, message.html, JSON.stringify(message.attachments)],
  );
  return { via: "outbox", to };
}

/** For tests that change SMTP_URL between cases. */
export function forgetTransport(): void {
  transport?.close();
  transport = null;
}
