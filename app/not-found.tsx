import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

/**
 * A page that does not exist, or that the signed-in user may not see (an admin page for a member,
 * another's import): the same answer for both, in the app's own frame, with a way back.
 */
export default function NotFound() {
  return (
    <section className="mx-auto max-w-xl space-y-4 rounded-lg border border-slate-200 bg-white p-8" data-testid="not-found">
      <p className="text-sm font-medium text-indigo-700">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">There is no such page here</h1>
      <p className="text-slate-700">
        The address may be mistyped, what it showed may have been removed, or it may be for admins only.
      </p>
      <div className="flex flex-wrap gap-3">
        <Link href="/" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700">Back to the start</Link>
        <Link href="/imports" className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100">Your imports</Link>
      </div>
    </section>
  );
}
