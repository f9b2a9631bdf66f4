import Link from "next/link";

/** A full-page message for the states a session page can end in (deleted, removed, not found…). */
export function Notice({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div role="alert" className="mx-auto max-w-lg space-y-3 py-16 text-center">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <div className="text-zinc-600 dark:text-zinc-400">{children}</div>
      <Link href="/" className="inline-block text-indigo-700 dark:text-indigo-300 hover:underline">
        Back to Parley
      </Link>
    </div>
  );
}
