import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { SignOutEverywhere } from "@/components/auth/sign-out-everywhere";
import { currentUser } from "@/lib/server/auth/current";
import { changePassword, signOutEverywhere } from "./actions";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

/** One's own account: a new password, and an end to every session. */
export default async function AccountPage() {
  // Not pageUser(): this is where someone who must replace their password is sent.
  const user = await currentUser();
  if (!user) redirect("/sign-in?next=%2Faccount");
  return (
    <section className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
        <p className="text-slate-600">Signed in as {user.email} ({user.role}).</p>
        {user.mustChangePassword && (
          <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900" data-testid="must-change-password">
            Your password was chosen by someone else (printed at the first start, or reset by an admin). Choose your own to go on.
          </p>
        )}
      </header>
      <ChangePasswordForm change={changePassword} />
      <SignOutEverywhere signOut={signOutEverywhere} />
    </section>
  );
}
