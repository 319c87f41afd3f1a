import type { ContactsProgress } from "@/lib/contract/import-view";

/** The contacts step of a Yespo import: how many addresses Yespo has taken as contacts, before the events go. */
export function ContactsStepProgress({ progress, finished }: { progress: ContactsProgress; finished: boolean }) {
  const waiting = !finished && progress.sessionsFinished < progress.sessions;
  return (
    <section aria-label="Contacts" className="space-y-1 rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="contacts-progress">
      <h2 className="font-medium">Contacts first</h2>
      <p className="text-slate-600">
        {progress.settled.toLocaleString("en")} of {progress.total.toLocaleString("en")} addresses created or updated in Yespo&apos;s contacts
        {" "}({progress.sessionsFinished} of {progress.sessions} {progress.sessions === 1 ? "session" : "sessions"} finished)
        {waiting ? "; the events are sent once Yespo has finished." : "."}
      </p>
      {progress.failed > 0 && (
        <p className="text-red-700" data-testid="contacts-failed">
          Yespo refused {progress.failed.toLocaleString("en")} {progress.failed === 1 ? "address" : "addresses"} as contacts: their rows are rejected, with Yespo&apos;s reason.
        </p>
      )}
    </section>
  );
}
