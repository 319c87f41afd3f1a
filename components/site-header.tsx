import Link from "next/link";
import { signOutAndLeave } from "@/app/sign-in/actions";
import type { Role } from "@/lib/contract/accounts";

const LINKS = [
  { href: "/imports/new", label: "New import", admin: false },
  { href: "/imports", label: "Imports", admin: false },
  { href: "/events", label: "Events", admin: true },
  { href: "/outbox", label: "Outbox", admin: false },
  { href: "/admin", label: "Admin", admin: true },
];

/** The signed-in user, as the header shows them; null when no one is signed in. */
export type HeaderUser = { email: string; role: Role } | null;

/** The links a signed-in user may follow, who they are (on the link to their Account page), and a way out. */
export function SiteHeader({ user }: { user: HeaderUser }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-8 gap-y-2 px-4 py-4 sm:px-6">
        <Link href="/" className="text-lg font-semibold tracking-tight text-indigo-700">
          Backfill
        </Link>
        {user && (
          <ul className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-600">
            {LINKS.filter((link) => !link.admin || user.role === "admin").map((link) => (
              <li key={link.href}>
                <Link href={link.href} className="hover:text-slate-900">
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
        )}
        <div className="ml-auto flex min-w-0 flex-wrap items-center gap-x-4 gap-y-1 text-sm">
          {user ? (
            <>
              <Link href="/account" className="flex min-w-0 flex-wrap items-baseline gap-x-1.5 text-slate-600 hover:text-slate-900">
                <span className="font-medium text-slate-800">Account</span>
                <span className="break-all" data-testid="signed-in-as">{user.email}{user.role === "admin" ? " (admin)" : ""}</span>
              </Link>
              <form action={signOutAndLeave}>
                <button type="submit" className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100">Sign out</button>
              </form>
            </>
          ) : null}
        </div>
      </nav>
    </header>
  );
}
