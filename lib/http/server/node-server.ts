import "server-only";
// Parley runs under `next start`, which makes its own http.Server before any of Parley's code runs and
// offers no hook into it. What the app needs from the server itself is added here, and only here, by
// wrapping http.Server.prototype.emit once per process (instrumentation.ts installs it at start-up):
// - every request is stamped with the two ends of its TCP connection (headers that overwrite whatever a
//   client sent under those names): the peer's address, for limits per address (lib/http/identity/client-address.ts),
//   and the local address and port, so a Host header can be checked against the socket it arrived on
//   (lib/http/identity/origin.ts);
// - slow uploads are bounded (lib/http/server/upload-guard.ts): short headers timeout, an idle bound between body
//   bytes, a cap on unfinished requests per address.
// tests/integration/slow-uploads.test.ts drives a real `next start` with raw sockets: a Next upgrade that
// no longer emits through http.Server breaks it there, not silently in production.
import http from "node:http";
import type { Socket } from "node:net";
import { env } from "@/lib/env";
import { processGlobal } from "@/lib/process-global";
import { LOCAL_ADDRESS_HEADER, PEER_ADDRESS_HEADER } from "../identity/client-address";
import { markServerHooksInstalled } from "./hooks-state";
import { UploadGuard, type UploadLimits } from "./upload-guard";

interface Installed {
  guard: UploadGuard | null;
  servers: WeakSet<http.Server>;
}

const state = processGlobal("node-server-hooks", (): { installed: Installed | null } => ({ installed: null }));

/** The limits from the environment (README › Security). */
export function uploadLimits(): UploadLimits {
  return {
    headersTimeoutMs: env.PARLEY_HEADERS_TIMEOUT_MS,
    bodyIdleMs: env.PARLEY_BODY_IDLE_MS,
    // Behind a proxy every connection comes from the proxy: counting by peer would count everyone as one.
    perAddress: env.PARLEY_CLIENT_IP_HEADER ? null : env.PARLEY_UPLOADS_PER_ADDRESS,
  };
}

/** Installs the hooks once per process; `limits` null stamps requests without guarding uploads. */
export function installServerHooks(limits: UploadLimits | null = uploadLimits()): void {
  if (state.installed) return;
  const installed: Installed = { guard: limits ? new UploadGuard(limits) : null, servers: new WeakSet() };
  state.installed = installed;
  markServerHooksInstalled();
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function hooked(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "connection" && !admitConnection(installed, this, args[0] as Socket)) return true;
    if (event === "request" && !admitRequest(installed, args[0] as http.IncomingMessage, args[1] as http.ServerResponse)) {
      return true;
    }
    if (event === "upgrade") installed.guard?.release(args[1] as Socket);
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}

function admitConnection(installed: Installed, server: http.Server, socket: Socket): boolean {
  const guard = installed.guard;
  if (!guard) return true;
  if (!installed.servers.has(server)) {
    installed.servers.add(server);
    // Node's own checks stay as a backstop with the same headers bound; its total request time would
    // cut a body piped for the length of a run, which the guard's idle bound replaces.
    server.headersTimeout = guard.limits.headersTimeoutMs;
    server.requestTimeout = 0;
  }
  return guard.admitConnection(socket);
}

function admitRequest(installed: Installed, request: http.IncomingMessage, response: http.ServerResponse): boolean {
  const socket = request.socket;
  request.headers[PEER_ADDRESS_HEADER] = socket?.remoteAddress ?? "";
  request.headers[LOCAL_ADDRESS_HEADER] = socket?.localAddress ? `${socket.localAddress} ${socket.localPort}` : "";
  return installed.guard?.admitRequest(request, response) ?? true;
}
