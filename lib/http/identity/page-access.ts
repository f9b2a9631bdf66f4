import "server-only";
// Pages that show one thing (a run, a session) answer 404 when it does not exist or is hidden from the
// reader, while still showing the friendly page (the segment's not-found.tsx).
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";
import { identityOf, signedInAccountOf } from "@/lib/http/identity/credentials";

/** The reader's identity, as route handlers see it (the cookie the proxy set, or the trusted header). */
export async function pageIdentity(): Promise<string | null> {
  return identityOf(new Request("http://page.invalid/", { headers: await headers() }));
}

/** The signed-in account reading the page, or null for a guest. */
export async function pageSignedInAccount(): Promise<string | null> {
  return signedInAccountOf(new Request("http://page.invalid/", { headers: await headers() }));
}

/** Runs `load`; a not-found refusal becomes the page's 404. Any other failure stays what it is. */
export async function orNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
