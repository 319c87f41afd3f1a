import Link from "next/link";
import { readableTime } from "@/lib/events/readable-time";

type Props = { view: { reportSentAt: Date | null; reportVia: string | null; notifyEmail: string | null; timeZone: string } };

/** Where the report went: "sent to" only when the SMTP server took it; otherwise it waits in the outbox. */
export function ReportDelivery({ view }: Props) {
  const { reportSentAt, reportVia, notifyEmail } = view;
  let text;
  if (!reportSentAt) text = "The report email is on its way.";
  else if (reportVia === "smtp" && notifyEmail) text = `The report was sent to ${notifyEmail} on ${readableTime(reportSentAt, view.timeZone)}.`;
  else text = <>The report is kept in the <Link href="/outbox" className="underline">outbox</Link> (no SMTP server is set to send it).</>;
  return <p className="text-sm text-slate-600" data-testid="report-delivery">{text}</p>;
}
