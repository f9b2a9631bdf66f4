// Whether lib/http/server/node-server.ts hooked this process's HTTP server: only then are the x-parley-* stamps on
// a request the server's own and not a client's. Kept apart from the hooks (which need node:http) so
// code that runs anywhere can ask.
import { processGlobal } from "@/lib/process-global";

const state = processGlobal("node-server-hooks-installed", () => ({ installed: false }));

export function serverHooksInstalled(): boolean {
  return state.installed;
}

export function markServerHooksInstalled(): void {
  state.installed = true;
}
