// Where this deployment is, as a browser sees it: for absolute links (invites, examples) and the same-origin
// check. The Host header and the forwarded headers are anyone's to send, so a link Parley hands out uses
// one only when it is known to be this server's:
// - PARLEY_PUBLIC_URL, when set, is the answer;
// - X-Forwarded-Host / -Proto count when PARLEY_TRUST_PROXY says a proxy in front sets them;
// - on Vercel, the platform routes only the project's own domains to it;
// - otherwise the Host must name the very socket the request arrived on (a loopback name on a loopback
//   socket, or the local IP itself) and its port: `npm start` on localhost:3000, a LAN address, a test's
//   127.0.0.1:N. Anything else — a spoofed Host, or a name only a proxy knows — is refused for links.
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { serverHooksInstalled } from "../server/hooks-state";
import { LOCAL_ADDRESS_HEADER } from "./client-address";

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

/** The origin links may use, or null when nothing trustworthy names this deployment. */
export function trustedOrigin(request: Request): string | null {
  if (env.PARLEY_PUBLIC_URL) return env.PARLEY_PUBLIC_URL;
  const protocol = requestProtocol(request);
  const proxied = forwarded(request, "x-forwarded-host");
  if (proxied) return `${protocol}://${proxied}`;
  const host = request.headers.get("host");
  if (!host) return null;
  if (env.VERCEL || hostNamesSocket(host, protocol, localSocket(request))) return `${protocol}://${host}`;
  return null;
}

/** The public origin of this deployment, for absolute links in an API answer; 400 when it is not known. */
export function publicOrigin(request: Request): string {
  const origin = trustedOrigin(request);
  if (origin) return origin;
  throw new AppError(
    "bad_request",
    `The Host header (${JSON.stringify(request.headers.get("host") ?? "")}) does not name this server, so Parley cannot make a link with it: set PARLEY_PUBLIC_URL to the address people use to reach it`,
  );
}

/** For a page's examples: the trusted origin, else the socket's own address (never a client's word). */
export function pageOrigin(request: Request): string {
  const socket = localSocket(request);
  const fallback = socket ? `http://${formatHost(socket.address)}:${socket.port}` : `http://localhost:${env.PORT}`;
  return trustedOrigin(request) ?? fallback;
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

interface LocalSocket {
  address: string;
  port: number;
}

/** Where the request's connection arrived, as stamped by lib/http/server/node-server.ts (never by a client). */
function localSocket(request: Request): LocalSocket | null {
  if (!serverHooksInstalled()) return null;
  const [address, port] = (request.headers.get(LOCAL_ADDRESS_HEADER) ?? "").split(" ");
  return address && port ? { address: unmapped(address), port: Number(port) } : null;
}

/** Whether `host` (a Host header: name[:port]) names `socket`: loopback names on loopback, or the IP itself. */
export function hostNamesSocket(host: string, protocol: string, socket: LocalSocket | null): boolean {
  if (!socket) return false;
  const parsed = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(host.trim().toLowerCase());
  if (!parsed?.[1]) return false;
  const name = parsed[1].replace(/^\[|\]$/g, "");
  const port = parsed[2] ? Number(parsed[2]) : protocol === "https" ? 443 : 80;
  if (port !== socket.port) return false;
  if (name === "localhost" || name.endsWith(".localhost")) return isLoopback(socket.address);
  return unmapped(name) === socket.address;
}

/** An IPv4 address as the IPv4-mapped IPv6 form a dual-stack socket reports (::ffff:127.0.0.1) is written. */
function unmapped(address: string): string {
  return address.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
}

function isLoopback(address: string): boolean {
  return address === "::1" || /^127\./.test(address);
}

function formatHost(address: string): string {
  return address.includes(":") ? `[${address}]` : address;
}
