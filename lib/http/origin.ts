// Where this deployment is, as a browser sees it: for absolute links (invites) and the same-origin check.
// Forwarded headers (X-Forwarded-Host / -Proto) are anyone's to send, so they count only when
// PARLEY_TRUST_PROXY says a proxy in front sets them; PARLEY_PUBLIC_URL, when set, is the answer.
import { env } from "@/lib/env";

function forwarded(request: Request, name: string): string | null {
  if (!env.PARLEY_TRUST_PROXY) return null;
  return request.headers.get(name)?.split(",")[0]?.trim() || null;
}

/** The host the client addressed (host:port), as far as it can be trusted. */
export function requestHost(request: Request): string | null {
  return forwarded(request, "x-forwarded-host") ?? request.headers.get("host");
}

/** The request's scheme: https or http. */
export function requestProtocol(request: Request): string {
  return forwarded(request, "x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "");
}

/** The public origin of this deployment, for absolute links. */
export function publicOrigin(request: Request): string {
  if (env.PARLEY_PUBLIC_URL) return env.PARLEY_PUBLIC_URL;
  return `${requestProtocol(request)}://${requestHost(request) ?? new URL(request.url).host}`;
}

/** Origins a state-changing browser request may come from. */
export function isOwnOrigin(request: Request, origin: string): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // "null" or garbage: not our origin
  }
  if (env.PARLEY_PUBLIC_URL && host === new URL(env.PARLEY_PUBLIC_URL).host) return true;
  return host === requestHost(request);
}
