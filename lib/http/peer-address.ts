import "server-only";
// Route handlers never see the socket, so the TCP peer's address is stamped on every incoming request
// as a header before Next reads it — overwriting whatever a client sent under that name.
import http from "node:http";
import { processGlobal } from "@/lib/process-global";
import { PEER_ADDRESS_HEADER } from "./client-address";

/** Installs the stamp once per process (instrumentation.ts calls it at start-up). */
export function stampPeerAddresses(): void {
  const state = processGlobal("peer-address-stamp", () => ({ installed: false }));
  if (state.installed) return;
  state.installed = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function stamped(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      request.headers[PEER_ADDRESS_HEADER] = request.socket?.remoteAddress ?? "";
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}
