import "server-only";
// The origin a page shows in examples people copy (curl commands, links): the one links may use, never a
// Host header the server does not know as its own (lib/http/identity/origin.ts).
import { headers } from "next/headers";
import { pageOrigin } from "./origin";

export async function requestOrigin(): Promise<string> {
  const h = await headers();
  // The URL is only a carrier for the headers: the host is read from them, checked.
  return pageOrigin(new Request("http://localhost/", { headers: h }));
}
