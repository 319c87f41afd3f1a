import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/site-header";
import { currentUser } from "@/lib/server/auth/current";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Backfill", template: "%s · Backfill" },
  description: "Import the history of your customers' events from CSV into your marketing platform.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <SiteHeader user={user && { email: user.email, role: user.role }} />
        <main className="mx-auto max-w-5xl px-4 py-10 sm:px-6">{children}</main>
      </body>
    </html>
  );
}
