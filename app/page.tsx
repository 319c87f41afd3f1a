import Link from "next/link";
import { RecentImports } from "@/components/recent-imports";
import { currentUser } from "@/lib/server/auth/current";
import { getDb } from "@/lib/server/db/client";
import { listImports } from "@/lib/server/imports/queries";

export const dynamic = "force-dynamic";

const RECENT_IMPORTS = 5;

export default async function HomePage() {
  const user = await currentUser();
  const recent = user ? await listImports((await getDb()).sql, user.id, RECENT_IMPORTS) : null;
  return (
    <div className="space-y-10">
      <section className="max-w-2xl space-y-6">
        <h1 className="text-3xl font-semibold tracking-tight">Bring your customers&apos; history with you</h1>
        <p className="text-lg leading-relaxed text-slate-600">
          Backfill imports past events (orders, sign-ups, activity) from a CSV file into your marketing
          platform, so that segments and campaigns can use them. It checks every row before anything is sent,
          tells you exactly what is wrong with the bad ones, delivers each event once, and emails you a report
          with a file of the rejected rows to fix and import again.
        </p>
        <div className="flex flex-wrap items-center gap-4">
          <Link href="/imports/new" className="inline-block rounded-md bg-indigo-600 px-5 py-2.5 font-medium text-white hover:bg-indigo-700">
            Start an import
          </Link>
          {!user && <Link href="/sign-in" className="font-medium text-indigo-700 hover:underline">Sign in</Link>}
        </div>
      </section>
      {recent && <RecentImports imports={recent} />}
    </div>
  );
}
