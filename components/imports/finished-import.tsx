import Link from "next/link";
import { readableDuration } from "@/lib/events/duration";
import { readableTime } from "@/lib/events/readable-time";

type Props = {
  importId: string;
  timeZone: string;
  startedAt: Date;
  finishedAt: Date;
  rejected: number;
  /** Its events are in the built-in store, and the reader may browse it. */
  eventsLink: boolean;
};

const LINK = "rounded-md border bg-white px-3 py-1.5 text-sm hover:bg-slate-100";
const PLAIN = `${LINK} border-slate-300`;

/** When a finished import ended and how long it took, and where to go next: its events, a new import, the corrected rows. */
export function FinishedImport({ importId, timeZone, startedAt, finishedAt, rejected, eventsLink }: Props) {
  return (
    <section aria-label="Finished" className="space-y-3">
      <p className="text-sm text-slate-700" data-testid="import-finished">
        Finished {readableTime(finishedAt, timeZone)}, after {readableDuration(finishedAt.getTime() - startedAt.getTime())}.
      </p>
      <nav aria-label="Next steps" className="flex flex-wrap gap-2">
        {eventsLink && <Link href={`/events?import=${importId}`} className={PLAIN}>View its events</Link>}
        <a href={`/imports/${importId}/corrected.csv`} download className={PLAIN}>Download the corrected file</a>
        {rejected > 0 && (
          <Link href="/imports/new" className={PLAIN} title="Correct the rejected rows' CSV, then choose it in a new import">
            Import the corrected rows
          </Link>
        )}
        <Link href="/imports/new" className={`${LINK} border-indigo-600 text-indigo-700`}>New import</Link>
      </nav>
    </section>
  );
}
