import Link from "next/link";

const LINKS = [
  { href: "/imports/new", label: "New import" },
  { href: "/imports", label: "Imports" },
  { href: "/outbox", label: "Outbox" },
];

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-5xl items-center gap-8 px-6 py-4">
        <Link href="/" className="text-lg font-semibold tracking-tight text-indigo-700">
          Backfill
        </Link>
        <ul className="flex gap-6 text-sm text-slate-600">
          {LINKS.map((link) => (
            <li key={link.href}>
              <Link href={link.href} className="hover:text-slate-900">
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
