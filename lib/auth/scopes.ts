// API key scopes: `publish:<pattern>` / `subscribe:<pattern>`; a pattern is a channel-name glob.
// `gateway` lets a key call models through the LLM gateway (lib/gateway); `runs` lets it start external
// runs and post their events (lib/ingest).
import { z } from "zod";

export const SCOPE_ACTIONS = ["publish", "subscribe"] as const;
export type ScopeAction = (typeof SCOPE_ACTIONS)[number];

export const scopeSchema = z
  .string()
  .regex(
    /^((publish|subscribe):[a-z0-9_.*-]{1,128}|gateway|runs)$/,
    "a scope is publish:<pattern>, subscribe:<pattern> (e.g. publish:ingest.*), gateway or runs",
  );

export const DEFAULT_SCOPES = ["publish:*", "subscribe:*"];
export const GATEWAY_SCOPE = "gateway";
/** Start external runs and post their events (POST /api/v1/runs {source}, /runs/{id}/events, /ag-ui). */
export const RUNS_SCOPE = "runs";

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\-]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

export function scopeAllows(scopes: readonly string[], action: ScopeAction, channelName: string): boolean {
  return scopes.some((scope) => {
    const [scopeAction, pattern] = scope.split(":", 2);
    return scopeAction === action && pattern !== undefined && globToRegExp(pattern).test(channelName);
  });
}
