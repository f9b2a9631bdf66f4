// The client's network address, for limits a fresh identity cannot dodge. Behind a proxy, the header
// the proxy sets (PARLEY_CLIENT_IP_HEADER) — trusted only when configured, since a client can send any
// header; otherwise the TCP peer's address, stamped on each request by lib/http/server/node-server.ts.
import { env } from "@/lib/env";

export const PEER_ADDRESS_HEADER = "x-parley-peer-address";
/** "<local address> <local port>": where the connection arrived (lib/http/identity/origin.ts checks Host against it). */
export const LOCAL_ADDRESS_HEADER = "x-parley-local-address";

/** The address to count a request against, or null when nothing trustworthy names it. */
export function clientAddress(headers: Headers): string | null {
  const configured = env.PARLEY_CLIENT_IP_HEADER;
  if (configured) {
    // X-Forwarded-For lists every hop; the last one is what the trusted proxy itself saw.
    const value = headers.get(configured)?.split(",").at(-1)?.trim();
    return value ? value.slice(0, 100) : null;
  }
  return headers.get(PEER_ADDRESS_HEADER) || null;
}
