import Link from "next/link";

export default function HomePage() {
  return (
    <section className="max-w-2xl space-y-6">
      <h1 className="text-3xl font-semibold tracking-tight">Bring your customers&apos; history with you</h1>
      <p className="text-lg leading-relaxed text-slate-600">
        Backfill imports past events (orders, sign-ups, activity) from a CSV file into your marketing
        platform, so that segments and campaigns can use them. It checks every row before anything is sent,
        tells you exactly what is wrong with the bad ones, delivers each event once, and emails you a report
        with a file of the rejected rows to fix and import again.
      </p>
      <Link
        href="/imports/new"
        className="inline-block rounded-md bg-indigo-600 px-5 py-2.5 font-medium text-white hover:bg-indigo-700"
      >
        Start an import
      </Link>
    </section>
  );
}
