"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/contract/action-result";

type Props = { signOut: () => Promise<ActionResult> };

/** Ends every session of the account: another computer left signed in, a lost laptop. */
export function SignOutEverywhere({ signOut }: Props) {
  const [error, setError] = useState<string | null>(null);
  async function click() {
    const result = await signOut().catch(() => ({ ok: false as const, error: "The server could not be reached. Try again." }));
    if (result.ok) {
      // A full page load on purpose: it drops the client router's cache of pages rendered for the
      // signed-in account, which a client-side navigation would keep for the back button.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign("/sign-in");
    }
    else setError(result.error);
  }
  return (
    <section className="max-w-md space-y-2 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="everywhere-heading">
      <h2 id="everywhere-heading" className="text-lg font-semibold">Sign out everywhere</h2>
      <p className="text-sm text-slate-600">Ends every session of your account, on every browser and computer, this one included.</p>
      <p role="alert" className="min-h-6 text-sm text-red-700" data-testid="sign-out-everywhere-error">{error}</p>
      <button type="button" onClick={click} className="rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-100">Sign out everywhere</button>
    </section>
  );
}
