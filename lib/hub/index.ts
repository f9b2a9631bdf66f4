import "server-only";
import { env } from "@/lib/env";
import { MemoryHub } from "./memory";
import type { Hub } from "./types";

export type { Hub, HubStats, Unsubscribe } from "./types";

const globalForHub = globalThis as unknown as { parleyHub?: Hub };

function createHub(): Hub {
  return new MemoryHub({
    history: env.PARLEY_HUB_HISTORY,
    historyBytes: 64 * 1024 * 1024,
    idleMs: 24 * 60 * 60 * 1000,
  });
}

/** The process's hub. Kept on globalThis so `next dev` hot reloads keep one hub, not one per module copy. */
export function getHub(): Hub {
  globalForHub.parleyHub ??= createHub();
  return globalForHub.parleyHub;
}
