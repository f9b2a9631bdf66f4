import type { Metadata } from "next";
import Link from "next/link";
import { AccountMenu } from "@/components/account/account-menu";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Parley", template: "%s · Parley" },
  description: "Watch AI agents work, live, together.",
};

const navLink = "text-sm text-zinc-700 hover:text-zinc-950 dark:text-zinc-300 dark:hover:text-zinc-50";

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
          Skip to content
        </a>
        <header className="border-b border-zinc-200 dark:border-zinc-800">
          <nav
            aria-label="Main"
            className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-5 gap-y-1 px-4 py-3 [body:has([data-wide-page])_&]:max-w-[96rem]"
          >
            <Link href="/" className="text-lg font-semibold tracking-tight">
              Parley
            </Link>
            <Link href="/mine" className={navLink}>
              My sessions &amp; runs
            </Link>
            <Link href="/#channels" className={navLink}>
              Channels
            </Link>
            <Link href="/agents" className={navLink}>
              Agents
            </Link>
            <Link href="/gateway" className={navLink}>
              Gateway
            </Link>
            <Link href="/keys" className={navLink}>
              API keys
            </Link>
            <AccountMenu />
          </nav>
        </header>
        {/* A page that needs the width (a session room with a run open) marks itself data-wide-page. */}
        <main id="main" className="mx-auto max-w-5xl px-4 py-8 has-[[data-wide-page]]:max-w-[96rem]">
          {children}
        </main>
      </body>
    </html>
  );
}
