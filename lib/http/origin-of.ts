import "server-only";
// The origin a page was asked for (for examples people copy: curl commands, links), as route handlers
// compute it (lib/http/origin.ts).
import { headers } from "next/headers";
import { publicOrigin } from "./origin";

export async function requestOrigin(): Promise<string> {
  const h = await headers();
  return publicOrigin(new Request(`http://${h.get("host") ?? "localhost:3000"}/`, { headers: h }));
}
